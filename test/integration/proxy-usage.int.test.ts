// Usage per connection per day (issue 8 §3): counted in memory on the hot path, written by a periodic flush as
// increment upserts — never a database write per request. What a crash loses (the counts since the last flush,
// at most FLUSH_INTERVAL_MS) is said in lib/usage/record-proxy-usage.ts; these tests pin down the rest: nothing is
// in the database before a flush, a flush writes each count exactly once, and flushes (of this instance or
// another) add up.
import { describe, expect, it } from "vitest";
import * as usageRoute from "@/app/api/v1/connections/[id]/usage/route";
import { createConnection } from "@/lib/connections/create-connection";
import { db } from "@/lib/db";
import {
  flushUsage,
  pendingUsageCalls,
  recordProxyUsage,
  startUsageFlusher,
  stopUsageFlusher,
} from "@/lib/usage/record-proxy-usage";
import { incrementUsageRows } from "@/lib/usage/repo";
import { makeApiKey, makeOwner, type TTestUser } from "../factories";
import { call } from "../http";

async function stripeConnection(owner: TTestUser) {
  const brandId = (await db.brand.findFirstOrThrow({ where: { teamId: owner.teamId } })).id;
  return createConnection(
    {
      teamId: owner.teamId,
      brandId,
      ownerKind: "shared",
      ownerUserId: null,
      providerSlug: "stripe",
      authMode: "api_key",
      label: "Usage test",
      credentials: { type: "api_key", api_key: "sk_test_usage0123456789abcdef" },
      accountIdentity: {},
      params: {},
      metadata: {},
      context: {},
      scopes: [],
      tokenExpiresAt: null,
      refreshTokenExpiresAt: null,
    },
    "test",
  );
}

const sample = (
  teamId: string,
  connectionId: string,
  status: number,
  extra: { upstreamMs?: number | null } = {},
) => ({
  teamId,
  connectionId,
  status,
  bytesIn: 10,
  bytesOut: 1000,
  upstreamMs: "upstreamMs" in extra ? extra.upstreamMs! : 5,
});

const today = () => new Date().toISOString().slice(0, 10);

async function usageOf(key: string, id: string, days = 30) {
  return call(usageRoute.GET, {
    bearer: key,
    params: { id },
    path: `/api/v1/connections/${id}/usage?days=${days}`,
  });
}

describe("proxy usage per connection per day", () => {
  it("is not written per request; flushes add up; the endpoint reports per day with zero days filled", async () => {
    const owner = await makeOwner();
    const conn = await stripeConnection(owner);
    const { key } = await makeApiKey(owner, ["connections:read"]);

    for (const status of [200, 201, 204, 302, 404]) recordProxyUsage(sample(owner.teamId, conn.id, status));
    // Patchbay answered itself (upstream never called): a Patchbay error, not a 4xx/5xx of the provider
    recordProxyUsage(sample(owner.teamId, conn.id, 429, { upstreamMs: null }));
    recordProxyUsage({ ...sample(owner.teamId, conn.id, 502), patchbayError: true });
    // no connection resolved: not counted anywhere
    recordProxyUsage({ ...sample(owner.teamId, conn.id, 404, { upstreamMs: null }), connectionId: null });
    expect(pendingUsageCalls()).toBeGreaterThanOrEqual(7);
    expect(await db.connectionUsageDay.count({ where: { connectionId: conn.id } })).toBe(0);

    expect(await flushUsage()).toBeGreaterThanOrEqual(1);
    expect(pendingUsageCalls()).toBe(0);
    const afterOne = await db.connectionUsageDay.findFirstOrThrow({ where: { connectionId: conn.id } });
    expect(afterOne.calls).toBe(7);

    // A second round, and another instance's flush of the same day: increments, never overwrites.
    recordProxyUsage(sample(owner.teamId, conn.id, 500));
    recordProxyUsage(sample(owner.teamId, conn.id, 200));
    await flushUsage();
    await flushUsage(); // nothing left: writes nothing twice
    await incrementUsageRows([
      {
        teamId: owner.teamId,
        connectionId: conn.id,
        day: today(),
        calls: 3,
        bytesIn: 1,
        bytesOut: 2,
        s2xx: 3,
        s3xx: 0,
        s4xx: 0,
        s5xx: 0,
        patchbayErrors: 0,
      },
    ]);

    const res = await usageOf(key, conn.id);
    expect(res.status).toBe(200);
    const data = res.json.data as Record<string, number | string>[];
    expect(data).toHaveLength(30);
    expect(data[0]!.calls).toBe(0);
    expect(data.at(-1)).toEqual({
      day: today(),
      calls: 12,
      bytes_in: 9 * 10 + 1,
      bytes_out: 9 * 1000 + 2,
      status_2xx: 3 + 1 + 3,
      status_3xx: 1,
      status_4xx: 1,
      status_5xx: 1,
      patchbay_errors: 2,
    });
    const week = await usageOf(key, conn.id, 7);
    expect((week.json.data as unknown[]).length).toBe(7);
  });

  it("the shutdown flush writes what is pending; a deleted connection's counts are dropped, not the batch", async () => {
    const owner = await makeOwner();
    const [kept, gone] = [await stripeConnection(owner), await stripeConnection(owner)];
    startUsageFlusher(60_000); // long interval: only the shutdown flush below writes
    recordProxyUsage(sample(owner.teamId, kept.id, 200));
    recordProxyUsage(sample(owner.teamId, gone.id, 200));
    await db.connection.delete({ where: { id: gone.id } });
    await stopUsageFlusher();
    expect(pendingUsageCalls()).toBe(0);
    expect((await db.connectionUsageDay.findFirstOrThrow({ where: { connectionId: kept.id } })).calls).toBe(
      1,
    );
    expect(await db.connectionUsageDay.count({ where: { connectionId: gone.id } })).toBe(0);
  });

  it("a row claiming another team's connection is not written", async () => {
    const owner = await makeOwner();
    const stranger = await makeOwner();
    const conn = await stripeConnection(owner);
    recordProxyUsage(sample(stranger.teamId, conn.id, 200));
    await flushUsage();
    expect(await db.connectionUsageDay.count({ where: { connectionId: conn.id } })).toBe(0);
  });

  it("GET /usage: another team's connection is 404, a key without connections:read 403, bad days 422", async () => {
    const owner = await makeOwner();
    const stranger = await makeOwner();
    const conn = await stripeConnection(owner);
    const { key: strangerKey } = await makeApiKey(stranger, ["connections:read"]);
    const { key: noScope } = await makeApiKey(owner, ["brands:read"]);
    const { key } = await makeApiKey(owner, ["connections:read"]);
    expect((await usageOf(strangerKey, conn.id)).status).toBe(404);
    expect((await usageOf(noScope, conn.id)).status).toBe(403);
    for (const days of ["0", "91", "abc", "1.5"]) {
      const res = await call(usageRoute.GET, {
        bearer: key,
        params: { id: conn.id },
        path: `/api/v1/connections/${conn.id}/usage?days=${days}`,
      });
      expect(res.status, days).toBe(422);
      expect(res.json.error?.code).toBe("validation_failed");
    }
    const unknown = await call(usageRoute.GET, { bearer: key, params: { id: conn.id }, path: `/x?foo=1` });
    expect(unknown.status).toBe(422);
    expect((await call(usageRoute.GET, { params: { id: conn.id } })).status).toBe(401);
  });
});
