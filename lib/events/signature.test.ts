// Our Standard Webhooks signer against the reference verifier (the `standardwebhooks` package): it must accept
// our signatures, with one or two secrets, and refuse them once the id, timestamp or body changed.
import { describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { generateSigningSecret, signedHeaders, signPayload } from "./signature";

const body = JSON.stringify({
  type: "connection.created",
  timestamp: "2026-12-01T00:00:00.000Z",
  data: { a: 1 },
});
const now = () => Math.floor(Date.now() / 1000);

describe("Standard Webhooks signatures", () => {
  it("secrets follow the whsec_ base64 convention", () => {
    const s = generateSigningSecret();
    expect(s).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(s.slice(6), "base64")).toHaveLength(24);
    expect(generateSigningSecret()).not.toBe(s);
  });

  it("the reference verifier accepts our signature", () => {
    const secret = generateSigningSecret();
    const headers = signedHeaders([secret], "evt_1", now(), body);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it("matches the reference signer byte for byte", () => {
    const secret = generateSigningSecret();
    const ts = now();
    expect(signPayload(secret, "evt_2", ts, body)).toBe(
      new Webhook(secret).sign("evt_2", new Date(ts * 1000), body),
    );
  });

  it("during a rotation both secrets verify (two space-separated signatures)", () => {
    const fresh = generateSigningSecret();
    const old = generateSigningSecret();
    const headers = signedHeaders([fresh, old], "evt_3", now(), body);
    expect(headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(() => new Webhook(fresh).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(old).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(generateSigningSecret()).verify(body, headers)).toThrow();
  });

  it("a changed body, id or timestamp, or a stale timestamp, is refused", () => {
    const secret = generateSigningSecret();
    const ts = now();
    const h = signedHeaders([secret], "evt_4", ts, body);
    const wh = new Webhook(secret);
    expect(() => wh.verify(body.replace('"a":1', '"a":2'), h)).toThrow();
    expect(() => wh.verify(body, { ...h, "webhook-id": "evt_5" })).toThrow();
    expect(() => wh.verify(body, { ...h, "webhook-timestamp": String(ts + 1) })).toThrow();
    const stale = signedHeaders([secret], "evt_4", ts - 600, body);
    expect(() => wh.verify(body, stale)).toThrow(); // replay protection: outside the 5-minute tolerance
  });
});
