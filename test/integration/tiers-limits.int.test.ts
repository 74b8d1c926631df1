// Usage tiers (issue 10 §8): the API rate limit per team and the monthly quota of proxied calls, each refused in
// our error shape saying which limit and when it resets. Real route handlers, a real database, a local fake
// Stripe behind the real proxy. Each test puts a fresh team on its own throw-away tier.
import { describe, expect, it } from "vitest";
import * as meRoute from "@/app/api/v1/me/route";
import * as usageRoute from "@/app/api/v1/usage/route";
import type { FakeHandle } from "@/e2e/fixtures/fake-providers";
import { db } from "@/lib/db";
import { resetMonthCallsForTests } from "@/lib/tiers/proxy-quota";
import { flushUsage } from "@/lib/usage/record-proxy-usage";
import { makeApiKey } from "../factories";
import { call } from "../http";
import {
  proxyTestHooks,
  readJson,
  viaPath as rawViaPath,
  viaProvider as rawViaProvider,
} from "../proxy-fixtures";
import { fakeStripe, makeTier, nextMonthUtc, stripeConnection, teamOnTier } from "../tiers-fixtures";

// A proxied call is counted when its answer has been streamed to the end, as a real client reads it.
async function drained(res: Promise<Response>): Promise<Response> {
  const r = await res;
  const body = await r.arrayBuffer();
  return new Response(body, { status: r.status, headers: r.headers });
}
const viaPath = (...a: Parameters<typeof rawViaPath>) => drained(rawViaPath(...a));
const viaProvider = (...a: Parameters<typeof rawViaProvider>) => drained(rawViaProvider(...a));

let fake: FakeHandle | null = null;
proxyTestHooks(async () => {
  await fake?.close();
  fake = null;
});

/** The tier window is a fixed minute: start a burst early in one, so that it cannot straddle two. */
async function earlyInAMinute() {
  const into = Date.now() % 60_000;
  if (into > 45_000) await new Promise((r) => setTimeout(r, 60_000 - into + 50));
}

describe("the tier's API rate limit (api_rpm)", () => {
  it("counts every API-key call of the team across keys and answers the documented 429 past it", async () => {
    const tier = await makeTier({ apiRpm: 3 });
    const team = await teamOnTier(tier, ["brands:read"]);
    const other = await makeApiKey(team.owner, ["brands:read"]); // a second key of the same team shares the limit
    await earlyInAMinute();
    const keys = [team.key, other.key, team.key];
    for (const [i, key] of keys.entries()) {
      const ok = await call(meRoute.GET, { bearer: key, path: "/api/v1/me" });
      expect(ok.status).toBe(200);
      expect(ok.headers.get("ratelimit-limit")).toBe("3"); // the tier is closer to running out than the key's 600
      expect(ok.headers.get("ratelimit-remaining")).toBe(String(2 - i));
      expect(ok.headers.get("ratelimit-policy")).toBe('600;w=60;comment="api_key", 3;w=60;comment="tier"');
    }
    const refused = await call(meRoute.GET, { bearer: other.key, path: "/api/v1/me" });
    expect(refused.status).toBe(429);
    const err = refused.json.error!;
    expect(err.code).toBe("rate_limited");
    const details = err.details as Record<string, unknown>;
    expect(details).toMatchObject({ limited_by: "tier_api_rate", tier, limit: 3, window_sec: 60 });
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(details.retry_after).toBe(retryAfter);
    const resetsAt = Date.parse(details.resets_at as string);
    expect(resetsAt % 60_000).toBe(0); // the end of the fixed minute
    expect(resetsAt).toBeGreaterThan(Date.now());
    expect(refused.headers.get("ratelimit-limit")).toBe("3");
    expect(refused.headers.get("ratelimit-remaining")).toBe("0");
    expect(refused.headers.get("ratelimit-reset")).toBe(String(retryAfter));
  });

  it("does not count the dashboard session, and an unlimited tier sends only the key's own limit", async () => {
    const tier = await makeTier({ apiRpm: 1 });
    const team = await teamOnTier(tier, ["brands:read"]);
    await earlyInAMinute();
    for (let i = 0; i < 3; i++)
      expect((await call(meRoute.GET, { cookie: team.owner.cookie, path: "/api/v1/me" })).status).toBe(200);
    expect((await call(meRoute.GET, { bearer: team.key, path: "/api/v1/me" })).status).toBe(200);
    expect((await call(meRoute.GET, { bearer: team.key, path: "/api/v1/me" })).status).toBe(429);

    const unlimited = await teamOnTier(await makeTier({ apiRpm: null }), ["brands:read"]);
    const res = await call(meRoute.GET, { bearer: unlimited.key, path: "/api/v1/me" });
    expect(res.status).toBe(200);
    expect(res.headers.get("ratelimit-policy")).toBe("600;w=60");
  });

  it("does not count proxied calls (they have the monthly quota and the proxy's own limits)", async () => {
    fake = await fakeStripe();
    const team = await teamOnTier(await makeTier({ apiRpm: 1, monthlyProxyCalls: 1000 }));
    const id = await stripeConnection(team);
    await earlyInAMinute();
    for (let i = 0; i < 4; i++)
      expect((await viaPath(id, "/v1/charges", { key: team.key })).status).toBe(200);
  });
});

describe("the tier's monthly quota of proxied calls", () => {
  it("refuses the call past the quota with 402 quota_exceeded, before the provider is called; the usage endpoint agrees", async () => {
    fake = await fakeStripe();
    const tier = await makeTier({ monthlyProxyCalls: 3, apiRpm: null });
    const team = await teamOnTier(tier, ["connections:proxy", "connections:read"]);
    const id = await stripeConnection(team);

    // Three calls reach the provider, by both proxy forms.
    expect((await viaPath(id, "/v1/charges", { key: team.key })).status).toBe(200);
    await flushUsage(); // half written, half in memory: both halves count
    expect(
      (await viaProvider("stripe", "/v1/charges", { key: team.key, headers: { "connection-id": id } }))
        .status,
    ).toBe(200);
    expect((await viaPath(id, "/v1/charges?limit=1", { key: team.key })).status).toBe(200);
    expect(fake.requests).toHaveLength(3);

    const refused = await viaPath(id, "/v1/charges", { key: team.key });
    expect(refused.status).toBe(402);
    expect(refused.headers.get("patchbay-error")).toBe("quota_exceeded");
    const body = (await readJson(refused)) as {
      error: { code: string; message: string; details: Record<string, unknown> };
    };
    expect(body.error.code).toBe("quota_exceeded");
    expect(body.error.details).toEqual({
      limited_by: "tier_monthly_proxy_calls",
      tier,
      limit: 3,
      used: 3,
      resets_at: nextMonthUtc(),
    });
    expect(body.error.message).toContain(nextMonthUtc());
    expect(fake.requests).toHaveLength(3); // the provider was not called

    // Still refused once everything is written (the written total is reread after our own flush), and the
    // refusals themselves do not use quota.
    await flushUsage();
    resetMonthCallsForTests(); // as a fresh instance would: from the written rows alone
    const again = await viaPath(id, "/v1/charges", { key: team.key });
    expect(again.status).toBe(402);
    expect(((await readJson(again)).error as { details: { used: number } }).details.used).toBe(3);
    await flushUsage();

    const usage = await call(usageRoute.GET, { bearer: team.key, path: "/api/v1/usage" });
    expect(usage.status).toBe(200);
    const u = usage.json as unknown as {
      tier: { id: string; monthly_proxy_calls: number };
      resets_at: string;
      quotas: {
        proxy_calls: { used: number; limit: number };
        accounts: { used: number; limit: number | null };
      };
      calls_per_day: { day: string; total: number; by_provider: Record<string, number> }[];
      providers: string[];
      connections_by_status: Record<string, number>;
    };
    expect(u.tier).toMatchObject({ id: tier, monthly_proxy_calls: 3 });
    expect(u.resets_at).toBe(nextMonthUtc());
    expect(u.quotas.proxy_calls).toEqual({ used: 3, limit: 3 });
    expect(u.quotas.accounts).toEqual({ used: 0, limit: null });
    const today = u.calls_per_day.at(-1)!;
    expect(today.day).toBe(new Date().toISOString().slice(0, 10));
    // the chart counts every proxied call (5: three delivered, two refused), the quota only the delivered ones
    expect(today.by_provider).toEqual({ stripe: 5 });
    expect(u.calls_per_day).toHaveLength(30);
    expect(u.providers).toEqual(["stripe"]);
    expect(u.connections_by_status).toEqual({ connected: 1 });
  });

  it("deleting the connection does not give the month's quota back", async () => {
    fake = await fakeStripe();
    const team = await teamOnTier(await makeTier({ monthlyProxyCalls: 2 }));
    const first = await stripeConnection(team);
    for (let i = 0; i < 2; i++)
      expect((await viaPath(first, "/v1/charges", { key: team.key })).status).toBe(200);
    await flushUsage();
    await db.connection.delete({ where: { id: first } }); // its day rows go with it (ON DELETE CASCADE)
    resetMonthCallsForTests();
    const second = await stripeConnection(team);
    const res = await viaPath(second, "/v1/charges", { key: team.key });
    expect(res.status).toBe(402);
    expect(((await readJson(res)).error as { details: { used: number } }).details.used).toBe(2);
  });

  it("another team on the same tier has its own count", async () => {
    fake = await fakeStripe();
    const tier = await makeTier({ monthlyProxyCalls: 1 });
    const a = await teamOnTier(tier);
    const b = await teamOnTier(tier);
    const [ca, cb] = [await stripeConnection(a), await stripeConnection(b)];
    expect((await viaPath(ca, "/v1/charges", { key: a.key })).status).toBe(200);
    expect((await viaPath(ca, "/v1/charges", { key: a.key })).status).toBe(402);
    expect((await viaPath(cb, "/v1/charges", { key: b.key })).status).toBe(200);
  });
});
