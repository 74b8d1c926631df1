// Finding 10: the callback compares the browser-binding HMAC (cookie → hash vs grant.browserHash) in constant
// time. No timing is measured (no timed assertions): the test proves the comparison goes through
// crypto.timingSafeEqual, and that a wrong cookie is still refused while the right one still connects.
import crypto from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startSandbox, stopSandbox } from "@/lib/sandbox/sandbox-issuer";
import { hitCallback, messageOf, openBindUrl, startFlow } from "../connect-flow";
import { consentAtProvider } from "../cookie-jar";
import { makeOwner } from "../factories";

const CALLBACK = "http://localhost:3999/oauth/callback";

beforeAll(() => startSandbox());
afterAll(() => stopSandbox());
afterEach(() => vi.restoreAllMocks());

describe("finding 10: constant-time browser binding", () => {
  it("refuses another browser's cookie via timingSafeEqual, then accepts the bound browser", async () => {
    const owner = await makeOwner();
    const grant = await startFlow({ cookie: owner.cookie }, "sandbox", { mode: "popup" });
    const bound = await openBindUrl(grant.authorization_url, owner.cookie);
    expect(bound.status, bound.text).toBe(302);
    const callback = await consentAtProvider(bound.location!, "binding@example.test", CALLBACK);

    const name = `pb_ob_${grant.grant_id}=`;
    const forged = bound.cookie
      .split("; ")
      .map((c) => (c.startsWith(name) ? `${name}${crypto.randomBytes(32).toString("base64url")}` : c))
      .join("; ");
    expect(forged).not.toBe(bound.cookie);

    const spy = vi.spyOn(crypto, "timingSafeEqual");
    const refused = await hitCallback(callback, forged);
    expect(messageOf(refused.text)?.error?.code).toBe("session_mismatch");
    expect(spy).toHaveBeenCalled();

    const ok = await hitCallback(callback, bound.cookie);
    expect(messageOf(ok.text)).toMatchObject({ status: "connected" });
  });
});
