import { afterEach, describe, expect, it } from "vitest";
import type { TApiRateLimit } from "@/lib/providers/schemas";
import { acquire, release, resetThrottleForTests, ThrottledError } from "./throttle";

const GITHUB: TApiRateLimit = {
  remainingHeader: "X-RateLimit-Remaining",
  remainingFormat: "count",
  limitHeader: "X-RateLimit-Limit",
  resetHeader: "X-RateLimit-Reset",
  resetFormat: "epoch_seconds",
};
const SHOPIFY: TApiRateLimit = {
  remainingHeader: "X-Shopify-Shop-Api-Call-Limit",
  remainingFormat: "used_of_limit",
  resetFormat: "epoch_seconds",
  leakPerSecond: 2,
};
const headers = (h: Record<string, string>) => (name: string) => h[name.toLowerCase()] ?? null;
const limits = { maxWaitMs: 0, maxDepth: 10 };

afterEach(() => resetThrottleForTests());

describe("throttle", () => {
  it("lets one request through while learning, then spends what the provider reports", async () => {
    await acquire("c1", GITHUB, limits);
    await expect(acquire("c1", GITHUB, limits)).rejects.toBeInstanceOf(ThrottledError); // still learning
    const reset = String(Math.floor(Date.now() / 1000) + 60);
    release(
      "c1",
      GITHUB,
      headers({ "x-ratelimit-remaining": "2", "x-ratelimit-limit": "5", "x-ratelimit-reset": reset }),
    );
    await acquire("c1", GITHUB, limits);
    await acquire("c1", GITHUB, limits);
    const refused = await acquire("c1", GITHUB, limits).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ThrottledError);
    expect((refused as ThrottledError).retryAfterMs).toBeGreaterThan(50_000);
  });

  it("counts requests still in flight against what an answer reports", async () => {
    await acquire("c2", GITHUB, limits);
    const reset = String(Math.floor(Date.now() / 1000) + 60);
    release("c2", GITHUB, headers({ "x-ratelimit-remaining": "3", "x-ratelimit-reset": reset }));
    await acquire("c2", GITHUB, limits); // a
    await acquire("c2", GITHUB, limits); // b
    // a's answer says 2 left (counted a); b is still in flight, so only 1 may go.
    release("c2", GITHUB, headers({ "x-ratelimit-remaining": "2", "x-ratelimit-reset": reset }));
    await acquire("c2", GITHUB, limits);
    await expect(acquire("c2", GITHUB, limits)).rejects.toBeInstanceOf(ThrottledError);
  });

  it("ignores an answer about a window that is already over", async () => {
    await acquire("c3", GITHUB, limits);
    const past = String(Math.floor(Date.now() / 1000) - 5);
    release("c3", GITHUB, headers({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": past }));
    await acquire("c3", GITHUB, limits); // still learning, nothing in flight: allowed
  });

  it("reads Shopify's used/limit and waits for the leak", async () => {
    await acquire("c4", SHOPIFY, limits);
    release("c4", SHOPIFY, headers({ "x-shopify-shop-api-call-limit": "40/40" }));
    const refused = await acquire("c4", SHOPIFY, limits).catch((e: unknown) => e);
    expect((refused as ThrottledError).retryAfterMs).toBeGreaterThan(400);
    expect((refused as ThrottledError).retryAfterMs).toBeLessThanOrEqual(500);
    const waited = await acquire("c4", SHOPIFY, { maxWaitMs: 2_000, maxDepth: 10 });
    expect(waited).toBeGreaterThan(0);
  });

  it("stops throttling a provider that sends no quota header, and never throttles without a declaration", async () => {
    await acquire("c5", GITHUB, limits);
    release("c5", GITHUB, headers({}));
    await acquire("c5", GITHUB, limits);
    await acquire("c5", GITHUB, limits);
    for (let i = 0; i < 5; i++) await acquire("c6", undefined, limits);
  });

  it("refuses at once when the queue is full", async () => {
    await acquire("c7", GITHUB, limits);
    const waiting = acquire("c7", GITHUB, { maxWaitMs: 1_000, maxDepth: 1 });
    await expect(acquire("c7", GITHUB, { maxWaitMs: 1_000, maxDepth: 1 })).rejects.toBeInstanceOf(
      ThrottledError,
    );
    release("c7", GITHUB, headers({}));
    await waiting;
  });
});
