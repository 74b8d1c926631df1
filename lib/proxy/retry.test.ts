import { describe, expect, it } from "vitest";
import { backoffMs, mayRetryMethod, parseRetries, retryAfterMs, retryDelayMs } from "./retry";

describe("retry policy", () => {
  it("retries idempotent methods, and others only with an Idempotency-Key", () => {
    for (const m of ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"])
      expect(mayRetryMethod(m, new Headers())).toBe(true);
    expect(mayRetryMethod("POST", new Headers())).toBe(false);
    expect(mayRetryMethod("PATCH", new Headers())).toBe(false);
    expect(mayRetryMethod("POST", new Headers({ "Idempotency-Key": "k1" }))).toBe(true);
    expect(mayRetryMethod("POST", new Headers({ "Idempotency-Key": " " }))).toBe(false);
  });

  it("reads Patchbay-Retries 0..5 and refuses anything else", () => {
    expect(parseRetries(null)).toBe(2);
    expect(parseRetries("0")).toBe(0);
    expect(parseRetries(" 5 ")).toBe(5);
    for (const bad of ["6", "-1", "1.5", "", "two", "10"]) expect(parseRetries(bad)).toBeNull();
  });

  it("backs off exponentially with jitter, capped", () => {
    expect(backoffMs(0, () => 0)).toBe(50);
    expect(backoffMs(0, () => 1)).toBe(100);
    expect(backoffMs(3, () => 1)).toBe(800);
    expect(backoffMs(20, () => 1)).toBe(4000);
  });

  it("never waits less than Retry-After or the provider's reset", () => {
    const now = Date.now();
    expect(retryAfterMs("3")).toBe(3000);
    expect(retryAfterMs("2.0")).toBe(2000); // Shopify's form
    expect(retryAfterMs(new Date(now + 5000).toUTCString(), now)).toBeGreaterThan(3900);
    expect(retryAfterMs("soon")).toBeUndefined();
    const get = (h: Record<string, string>) => (n: string) => h[n.toLowerCase()] ?? null;
    expect(retryDelayMs(0, get({ "retry-after": "2" }), undefined, () => 0)).toBe(2000);
    const rl = {
      remainingHeader: "X-RateLimit-Remaining",
      remainingFormat: "count" as const,
      resetHeader: "X-RateLimit-Reset",
      resetFormat: "delta_seconds" as const,
    };
    expect(retryDelayMs(0, get({ "x-ratelimit-reset": "1" }), rl, () => 0)).toBe(1000);
    expect(retryDelayMs(0, get({}), rl, () => 0)).toBe(50);
  });
});
