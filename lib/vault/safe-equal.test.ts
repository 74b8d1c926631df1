import crypto from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PARSE_TOKEN_RESPONSE } from "@/lib/oauth/hooks/parse-token-response";
import type { THookContext } from "@/lib/oauth/types";
import { getProvider } from "@/lib/providers/registry";
import { safeEqual } from "@/lib/vault/safe-equal";

afterEach(() => vi.restoreAllMocks());

describe("safeEqual", () => {
  it("is plain equality for strings of any length, and false for a missing side", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("abc", "abcd")).toBe(false);
    expect(safeEqual("", "")).toBe(true);
    expect(safeEqual("abc", null)).toBe(false);
    expect(safeEqual(undefined, undefined)).toBe(false);
  });
});

describe("finding 10: the Salesforce token-response signature is compared in constant time", () => {
  const secret = "sf-client-secret-0123456789";
  const ctx = {
    provider: getProvider("salesforce")!,
    app: { source: "team", clientId: "sf-client", clientSecret: secret, settings: {} },
    values: {},
    http: () => Promise.reject(new Error("no network here")),
  } satisfies THookContext;
  const body = (signature: string) => ({
    access_token: "00D-access",
    instance_url: "https://acme.my.salesforce.com",
    id: "https://login.salesforce.com/id/00Dxx/005xx",
    issued_at: "1700000000000",
    token_type: "Bearer",
    signature,
  });
  const good = crypto
    .createHmac("sha256", secret)
    .update("https://login.salesforce.com/id/00Dxx/005xx1700000000000")
    .digest("base64");

  it("accepts the right signature, refuses a wrong one, and goes through crypto.timingSafeEqual", () => {
    const spy = vi.spyOn(crypto, "timingSafeEqual");
    expect(PARSE_TOKEN_RESPONSE.salesforce_instance_url(200, body(good), ctx).accessToken).toBe("00D-access");
    const wrong = good.slice(0, -4) + (good.endsWith("AAA=") ? "BBB=" : "AAA=");
    expect(() => PARSE_TOKEN_RESPONSE.salesforce_instance_url(200, body(wrong), ctx)).toThrow(/signature/);
    expect(spy).toHaveBeenCalledTimes(2);
  });
});
