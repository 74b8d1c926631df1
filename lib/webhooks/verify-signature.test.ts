import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { getProvider } from "@/lib/providers/registry";
import { parseTimestamp, verifySignature } from "./verify-signature";

const sigOf = (slug: string) => getProvider(slug)!.webhooks!.signature;
const mac = (secret: string, data: string | Buffer, enc: "hex" | "base64") =>
  crypto.createHmac("sha256", secret).update(data).digest(enc);

describe("verifySignature", () => {
  const body = Buffer.from('{"id":1,"name":"Zoë"}', "utf8");
  const now = 1_760_000_000_000;

  it("fails closed without a secret, whatever the header says", () => {
    const headers = new Headers({ "x-shopify-hmac-sha256": mac("s", body, "base64") });
    expect(
      verifySignature(sigOf("shopify"), { rawBody: body, headers, method: "POST", url: "", secrets: [] }),
    ).toEqual({
      ok: false,
      reason: "no_secret",
    });
    expect(
      verifySignature(sigOf("shopify"), { rawBody: body, headers, method: "POST", url: "", secrets: [""] })
        .ok,
    ).toBe(false);
  });

  it("tries every secret (rolling) and signs the raw bytes, not a re-encoding", () => {
    const headers = new Headers({ "x-shopify-hmac-sha256": mac("new", body, "base64") });
    const req = { rawBody: body, headers, method: "POST", url: "" };
    expect(verifySignature(sigOf("shopify"), { ...req, secrets: ["old", "new"] }).ok).toBe(true);
    expect(verifySignature(sigOf("shopify"), { ...req, secrets: ["old"] })).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    const latin1 = Buffer.from(body.toString("utf8"), "latin1");
    expect(verifySignature(sigOf("shopify"), { ...req, rawBody: latin1, secrets: ["new"] }).ok).toBe(false);
  });

  it("GitHub: requires the sha256= prefix; hex compares case-insensitively", () => {
    const hex = mac("s", body, "hex");
    const ok = (v: string) =>
      verifySignature(sigOf("github"), {
        rawBody: body,
        headers: new Headers({ "x-hub-signature-256": v }),
        method: "POST",
        url: "",
        secrets: ["s"],
      });
    expect(ok(`sha256=${hex}`).ok).toBe(true);
    expect(ok(`sha256=${hex.toUpperCase()}`).ok).toBe(true);
    expect(ok(hex)).toEqual({ ok: false, reason: "malformed_signature" });
    expect(ok(`sha1=${hex}`)).toEqual({ ok: false, reason: "malformed_signature" });
  });

  it("Stripe: any of several v1 may match; the window is checked in both directions", () => {
    const t = Math.floor(now / 1000);
    const v1 = mac("s", `${t}.${body.toString()}`, "hex");
    const check = (header: string, at = now) =>
      verifySignature(sigOf("stripe"), {
        rawBody: body,
        headers: new Headers({ "stripe-signature": header }),
        method: "POST",
        url: "",
        secrets: ["s"],
        now: at,
      });
    expect(check(`t=${t},v1=deadbeef,v1=${v1},v0=xyz`).ok).toBe(true);
    expect(check(`t=${t},v1=${v1}`, now + 301_000)).toEqual({ ok: false, reason: "stale_timestamp" });
    expect(check(`t=${t},v1=${v1}`, now - 301_000)).toEqual({ ok: false, reason: "stale_timestamp" });
    expect(check(`v1=${v1}`)).toEqual({ ok: false, reason: "missing_timestamp" });
    // the timestamp is part of what is signed: moving it breaks the signature
    expect(check(`t=${t + 1},v1=${v1}`)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("Linear: the body's webhookTimestamp is read only after the signature verified", () => {
    const b = Buffer.from(JSON.stringify({ webhookTimestamp: now - 120_000 }));
    const headers = new Headers({ "linear-signature": mac("s", b, "hex") });
    expect(
      verifySignature(sigOf("linear"), { rawBody: b, headers, method: "POST", url: "", secrets: ["s"], now }),
    ).toEqual({
      ok: false,
      reason: "stale_timestamp",
    });
    expect(
      verifySignature(sigOf("linear"), { rawBody: b, headers, method: "POST", url: "", secrets: ["x"], now }),
    ).toEqual({
      ok: false,
      reason: "bad_signature",
    });
  });
});

describe("parseTimestamp", () => {
  it("reads seconds, milliseconds and ISO 8601, and nothing else", () => {
    expect(parseTimestamp("1700000000", "s")).toBe(1_700_000_000_000);
    expect(parseTimestamp("1700000000123", "ms")).toBe(1_700_000_000_123);
    expect(parseTimestamp("2026-12-01T10:00:00Z", "s")).toBe(Date.parse("2026-12-01T10:00:00Z"));
    expect(parseTimestamp("yesterday", "s")).toBeNull();
    expect(parseTimestamp("", "s")).toBeNull();
  });
});
