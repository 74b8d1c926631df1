// verifyWebhook against two independent signers: the `standardwebhooks` reference library and Patchbay's own
// (lib/events/signature.ts, what the server sends). Then every way a delivery must be refused.
import { describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { generateSigningSecret, signedHeaders } from "@/lib/events/signature";
import { signWebhook, verifyWebhook, WebhookVerificationError } from "./webhooks";

const body = JSON.stringify({
  id: "evt_1",
  type: "connection.created",
  timestamp: "2026-12-01T00:00:00.000Z",
  data: { connection_id: "conn_1", ünïcode: "✓" },
});
const now = () => Math.floor(Date.now() / 1000);

async function reason(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WebhookVerificationError);
  return (err as WebhookVerificationError).reason;
}

describe("verifyWebhook", () => {
  it("accepts what Patchbay's server signs, and returns the parsed event", async () => {
    const secret = generateSigningSecret();
    const headers = signedHeaders([secret], "evt_1", now(), body);
    const event = await verifyWebhook({ payload: body, headers, secret });
    expect(event).toEqual(JSON.parse(body));
    expect(event.type).toBe("connection.created");
  });

  it("accepts what the reference library signs, as a Headers object and as bytes", async () => {
    const secret = generateSigningSecret();
    const ts = new Date();
    const sig = new Webhook(secret).sign("evt_2", ts, body);
    const headers = new Headers({
      "Webhook-Id": "evt_2",
      "Webhook-Timestamp": String(Math.floor(ts.getTime() / 1000)),
      "Webhook-Signature": sig,
    });
    await expect(
      verifyWebhook({ payload: new TextEncoder().encode(body), headers, secret }),
    ).resolves.toEqual(JSON.parse(body));
    const buf = new TextEncoder().encode(body).buffer;
    await expect(verifyWebhook({ payload: buf, headers, secret })).resolves.toMatchObject({ id: "evt_1" });
  });

  it("our signWebhook matches the reference verifier", async () => {
    const secret = generateSigningSecret();
    const headers = await signWebhook({ id: "evt_3", payload: body, secret });
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it("Node-style header records in any case, and a rotation's two signatures with either secret", async () => {
    const fresh = generateSigningSecret();
    const old = generateSigningSecret();
    const h = signedHeaders([fresh, old], "evt_4", now(), body);
    const nodeHeaders = {
      "webhook-id": h["webhook-id"],
      "WEBHOOK-TIMESTAMP": h["webhook-timestamp"],
      "webhook-signature": [h["webhook-signature"]!],
    };
    await expect(verifyWebhook({ payload: body, headers: nodeHeaders, secret: old })).resolves.toBeTruthy();
    await expect(verifyWebhook({ payload: body, headers: nodeHeaders, secret: fresh })).resolves.toBeTruthy();
    // the receiver rolling its own secret: either of the two it holds
    await expect(
      verifyWebhook({ payload: body, headers: nodeHeaders, secret: [generateSigningSecret(), old] }),
    ).resolves.toBeTruthy();
  });

  it("refuses a changed body, id or timestamp, another secret, and a missing header", async () => {
    const secret = generateSigningSecret();
    const ts = now();
    const h = signedHeaders([secret], "evt_5", ts, body);
    expect(
      await reason(verifyWebhook({ payload: body.replace("conn_1", "conn_2"), headers: h, secret })),
    ).toBe("no_matching_signature");
    expect(
      await reason(verifyWebhook({ payload: body, headers: { ...h, "webhook-id": "evt_6" }, secret })),
    ).toBe("no_matching_signature");
    expect(
      await reason(
        verifyWebhook({ payload: body, headers: { ...h, "webhook-timestamp": String(ts + 1) }, secret }),
      ),
    ).toBe("no_matching_signature");
    expect(await reason(verifyWebhook({ payload: body, headers: h, secret: generateSigningSecret() }))).toBe(
      "no_matching_signature",
    );
    const { "webhook-signature": _sig, ...noSig } = h;
    expect(await reason(verifyWebhook({ payload: body, headers: noSig, secret }))).toBe("missing_headers");
    expect(
      await reason(
        verifyWebhook({ payload: body, headers: { ...h, "webhook-signature": "v2,abc" }, secret }),
      ),
    ).toBe("no_matching_signature");
    expect(await reason(verifyWebhook({ payload: body, headers: h, secret: "whsec_%%%" }))).toBe(
      "invalid_secret",
    );
  });

  it("replays: a timestamp outside the tolerance, either way, is refused; a custom tolerance applies", async () => {
    const secret = generateSigningSecret();
    const ts = now();
    const stale = signedHeaders([secret], "evt_7", ts - 301, body);
    expect(await reason(verifyWebhook({ payload: body, headers: stale, secret }))).toBe("timestamp_too_old");
    const future = signedHeaders([secret], "evt_7", ts + 301, body);
    expect(await reason(verifyWebhook({ payload: body, headers: future, secret }))).toBe("timestamp_too_new");
    await expect(
      verifyWebhook({ payload: body, headers: stale, secret, toleranceSeconds: 600 }),
    ).resolves.toBeTruthy();
    const bad = { ...stale, "webhook-timestamp": "12abc" };
    expect(await reason(verifyWebhook({ payload: body, headers: bad, secret }))).toBe("invalid_timestamp");
  });

  it("a signed payload that is not JSON says so (after the signature checked out)", async () => {
    const secret = generateSigningSecret();
    const h = signedHeaders([secret], "evt_8", now(), "not json");
    expect(await reason(verifyWebhook({ payload: "not json", headers: h, secret }))).toBe("invalid_payload");
  });
});
