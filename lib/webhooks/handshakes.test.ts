import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { getProvider } from "@/lib/providers/registry";
import { capturedToken, getHandshakeReply, signedHandshakeReply } from "./handshakes";
import { ed25519PublicKey, verifySignature } from "./verify-signature";

const hooksOf = (slug: string) => getProvider(slug)!.webhooks!;

describe("handshakes as data", () => {
  it("echo and reply answer only matching bodies", () => {
    const slack = hooksOf("slack").handshakes;
    expect(signedHandshakeReply(slack, { type: "url_verification", challenge: "abc" })).toEqual({
      status: 200,
      json: { challenge: "abc" },
    });
    expect(signedHandshakeReply(slack, { type: "event_callback", challenge: "abc" })).toBeNull();
    const discord = hooksOf("discord").handshakes;
    expect(signedHandshakeReply(discord, { type: 0 })).toEqual({ status: 204 });
    expect(signedHandshakeReply(discord, { type: 1 })).toBeNull();
  });

  it("verify_token compares with every stored secret; a wrong or missing mode is not a handshake", () => {
    const meta = hooksOf("meta-ads").handshakes;
    const q = (o: Record<string, string>) => new URLSearchParams(o);
    const ok = { "hub.mode": "subscribe", "hub.verify_token": "b-token", "hub.challenge": "42" };
    expect(getHandshakeReply(meta, q(ok), ["a-token", "b-token"])).toEqual({
      ok: true,
      reply: { status: 200, text: "42" },
    });
    expect(getHandshakeReply(meta, q(ok), ["a-token"])).toEqual({ ok: false, reason: "bad_verify_token" });
    expect(getHandshakeReply(meta, q(ok), [])).toEqual({ ok: false, reason: "no_secret" });
    expect(getHandshakeReply(meta, q({ ...ok, "hub.mode": "unsubscribe" }), ["b-token"])).toEqual({
      ok: false,
      reason: "no_handshake",
    });
  });

  it("hmac_challenge answers with the documented HMAC (X's example CRC and LinkedIn's)", () => {
    const secret = "z3ZX4v7mAAUGykl3EcmkqbartmuW8VFOOzCloLx9Q45P0hLrFu";
    const token = "9b4507b3-9040-4669-9ca3-6b94edb50553";
    const x = getHandshakeReply(hooksOf("x").handshakes, new URLSearchParams({ crc_token: token }), [secret]);
    const expected = `sha256=${crypto.createHmac("sha256", secret).update(token).digest("base64")}`;
    expect(x).toEqual({ ok: true, reply: { status: 200, json: { response_token: expected } } });
    const li = getHandshakeReply(
      hooksOf("linkedin").handshakes,
      new URLSearchParams({ challengeCode: token }),
      [secret],
    );
    expect(li).toEqual({
      ok: true,
      reply: {
        status: 200,
        json: {
          challengeCode: token,
          challengeResponse: crypto.createHmac("sha256", secret).update(token).digest("hex"),
        },
      },
    });
  });

  it("capture_token takes only an unsigned body that is exactly the token", () => {
    const notion = hooksOf("notion").handshakes;
    const b = (o: unknown) => Buffer.from(JSON.stringify(o));
    expect(capturedToken(notion, b({ verification_token: "secret_abcdefgh" }), false)).toBe(
      "secret_abcdefgh",
    );
    expect(capturedToken(notion, b({ verification_token: "secret_abcdefgh" }), true)).toBeNull();
    expect(
      capturedToken(notion, b({ verification_token: "secret_abcdefgh", type: "page.created" }), false),
    ).toBeNull();
    expect(capturedToken(notion, b({ verification_token: 12345678 }), false)).toBeNull();
    expect(capturedToken(notion, Buffer.from("not json"), false)).toBeNull();
    expect(
      capturedToken(hooksOf("slack").handshakes, b({ verification_token: "secret_abcdefgh" }), false),
    ).toBeNull();
  });
});

describe("verifySignature: Ed25519 and base64url", () => {
  it("Discord: accepts the app key's signature over timestamp + body, nothing else", () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync("ed25519");
    const hex = Buffer.from(publicKey.export({ format: "jwk" }).x!, "base64url").toString("hex");
    expect(ed25519PublicKey(hex)).not.toBeNull();
    expect(ed25519PublicKey("zz")).toBeNull();
    const now = 1_760_000_000_000;
    const ts = String(now / 1000);
    const body = Buffer.from('{"type":1}');
    const sig = crypto.sign(null, Buffer.concat([Buffer.from(ts), body]), privateKey).toString("hex");
    const req = (s: string, keys: string[]) => ({
      rawBody: body,
      headers: new Headers({ "x-signature-ed25519": s, "x-signature-timestamp": ts }),
      method: "POST",
      url: "",
      secrets: keys,
      now,
    });
    const sigDef = hooksOf("discord").signature;
    expect(verifySignature(sigDef, req(sig, [hex])).ok).toBe(true);
    expect(verifySignature(sigDef, req(sig, ["00".repeat(32), hex])).ok).toBe(true); // rolling keys
    expect(verifySignature(sigDef, req(sig, ["00".repeat(32)]))).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    expect(verifySignature(sigDef, req(sig.slice(2) + "00", [hex])).ok).toBe(false);
    expect(verifySignature(sigDef, req(sig, ["not-a-key"])).ok).toBe(false);
  });

  it("Sanity: unpadded base64url over 't.body' with a millisecond timestamp", () => {
    const now = 1_760_000_000_000;
    const body = Buffer.from('{"_id":"a","_type":"post"}');
    const v1 = crypto.createHmac("sha256", "s3cret").update(`${now}.`).update(body).digest("base64url");
    const headers = new Headers({ "sanity-webhook-signature": `t=${now},v1=${v1}` });
    const sig = hooksOf("sanity").signature;
    expect(
      verifySignature(sig, { rawBody: body, headers, method: "POST", url: "", secrets: ["s3cret"], now }).ok,
    ).toBe(true);
    expect(
      verifySignature(sig, {
        rawBody: body,
        headers,
        method: "POST",
        url: "",
        secrets: ["s3cret"],
        now: now + 301_000,
      }),
    ).toEqual({ ok: false, reason: "stale_timestamp" });
  });
});
