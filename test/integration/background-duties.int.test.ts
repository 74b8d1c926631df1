// The pieces the background jobs are made of, without waiting for cron: the refresh scan's SQL due time agrees
// with isRefreshDue (the JS rule) and is pushed past a lease and a backoff; a scan enqueues one job per connection
// to start at its due time, and a second scan adds no duplicate; the retention job deletes expired grants and
// keeps live ones.
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { scanDueRefreshes, REFRESH_LOOKAHEAD_MS } from "@/lib/connections/jobs";
import { isRefreshDue, REFRESH_AT_LIFETIME_FRACTION } from "@/lib/connections/refresh-due";
import { findRefreshCandidates } from "@/lib/connections/repo";
import { db } from "@/lib/db";
import { runRetention, SWEEPERS } from "@/lib/jobs/retention";
import { defaultBrandId, makeOwner } from "../factories";

const S = 1000;
const MARGIN = 600 * S;

async function connection(teamId: string, times: Record<string, Date | null>) {
  const id = `conn_duty_${crypto.randomBytes(6).toString("hex")}`;
  await db.connection.create({
    data: {
      id,
      teamId,
      brandId: await defaultBrandId(teamId),
      ownerKind: "shared",
      providerSlug: "sandbox",
      authMode: "oauth2",
      status: "connected",
      ...times,
    },
  });
  return id;
}

describe("refresh scan", () => {
  it("computes each connection's due time like isRefreshDue, pushed past a lease and a backoff", async () => {
    const { teamId } = await makeOwner();
    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    const at = (s: number) => new Date(now.getTime() + s * S);
    const cases = {
      // one-hour token issued 55 min ago: due at expiry − margin = 5 min ago … i.e. now-ish
      hourly: { tokenExpiresAt: at(500), lastAuthorizedAt: at(500 - 3600), lastRefreshedAt: null },
      // 60 s token just refreshed: due at 80 % of its lifetime (48 s), not at expiry − margin
      short: { tokenExpiresAt: at(60), lastAuthorizedAt: at(-3600), lastRefreshedAt: at(0) },
      // no issue time known: the margin alone
      unknownIssue: { tokenExpiresAt: at(700), lastAuthorizedAt: null, lastRefreshedAt: null },
      // due, but someone holds the lease for 30 s more / backing off for 90 s
      leased: {
        tokenExpiresAt: at(400),
        lastAuthorizedAt: at(400 - 3600),
        lastRefreshedAt: null,
        refreshLeaseUntil: at(30),
      },
      backoff: {
        tokenExpiresAt: at(400),
        lastAuthorizedAt: at(400 - 3600),
        lastRefreshedAt: null,
        refreshRetryAfter: at(90),
      },
      // not within the window at all
      later: { tokenExpiresAt: at(3000), lastAuthorizedAt: at(-600), lastRefreshedAt: null },
    };
    const ids = Object.fromEntries(
      await Promise.all(
        Object.entries(cases).map(async ([name, t]) => [name, await connection(teamId, t)] as const),
      ),
    );
    const rows = await findRefreshCandidates(now, at(120), MARGIN, 1 - REFRESH_AT_LIFETIME_FRACTION, 100_000);
    const startOf = (name: keyof typeof cases) => rows.find((r) => r.id === ids[name])?.startAt.getTime();
    expect(startOf("hourly")).toBe(at(-100).getTime());
    expect(startOf("short")).toBe(at(48).getTime());
    expect(startOf("unknownIssue")).toBe(at(100).getTime());
    expect(startOf("leased")).toBe(at(30).getTime());
    expect(startOf("backoff")).toBe(at(90).getTime());
    expect(startOf("later")).toBeUndefined();
    // The JS rule agrees at the SQL due time (and not a second before) for the cases without lease or backoff.
    for (const name of ["hourly", "short", "unknownIssue"] as const) {
      const due = startOf(name)!;
      expect(isRefreshDue(cases[name], MARGIN, due)).toBe(true);
      expect(isRefreshDue(cases[name], MARGIN, due - S)).toBe(false);
    }
  });

  it("enqueues one refresh job per due connection, starting at its due time, and never two", async () => {
    const { teamId } = await makeOwner();
    const now = new Date();
    const dueIn = 60 * S;
    const expires = new Date(now.getTime() + MARGIN + dueIn);
    const id = await connection(teamId, {
      tokenExpiresAt: expires,
      lastAuthorizedAt: new Date(expires.getTime() - 3600 * S),
    });
    expect(dueIn).toBeLessThan(REFRESH_LOOKAHEAD_MS);
    await scanDueRefreshes(now);
    await scanDueRefreshes(new Date());
    const jobs = await db.$queryRaw<{ start_after: Date; data: { connectionId: string } }[]>`
      SELECT start_after, data FROM pgboss.job WHERE name = 'connections.refresh' AND singleton_key = ${id}`;
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.data).toEqual({ teamId, connectionId: id });
    expect(jobs[0]!.start_after.getTime()).toBe(now.getTime() + dueIn);
  });
});

describe("retention", () => {
  it("deletes grants a day past their expiry and keeps the rest; every sweeper runs", async () => {
    const { teamId } = await makeOwner();
    const brandId = await defaultBrandId(teamId);
    const grant = async (expiresAt: Date) => {
      const id = `grant_duty_${crypto.randomBytes(6).toString("hex")}`;
      await db.oAuthGrant.create({
        data: {
          id,
          teamId,
          brandId,
          ownerKind: "shared",
          providerSlug: "sandbox",
          mode: "api",
          bindTokenHash: crypto.randomBytes(16).toString("hex"),
          codeVerifierSealed: "not-a-real-seal",
          redirectUri: "http://localhost:3999/oauth/callback",
          scopes: [],
          expiresAt,
        },
      });
      return id;
    };
    const old = await grant(new Date(Date.now() - 25 * 3600 * S));
    const recent = await grant(new Date(Date.now() - 3600 * S));
    const live = await grant(new Date(Date.now() + 600 * S));
    const deleted = await runRetention();
    expect(Object.keys(deleted).sort()).toEqual(SWEEPERS.map((s) => s.name).sort());
    expect(deleted.oauth_grants).toBeGreaterThanOrEqual(1);
    const left = await db.oAuthGrant.findMany({
      where: { id: { in: [old, recent, live] } },
      select: { id: true },
    });
    expect(left.map((g) => g.id).sort()).toEqual([recent, live].sort());
  });
});
