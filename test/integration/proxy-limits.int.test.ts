// The proxy's rate limits (issue 8 §3): per API key and per connection, configurable per team, counted in memory
// (no database write per request), with the RateLimit-* fields of the IETF draft on every answer.
import crypto from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import * as limitsRoute from "@/app/api/v1/team/proxy-limits/route";
import { checkProxyRateLimit, proxyRateLimitError } from "@/lib/proxy-limits/check";
import { getTeamProxyLimits } from "@/lib/proxy-limits/team-limits";
import { resetWindowsForTests } from "@/lib/proxy-limits/window-counter";
import { db } from "@/lib/db";
import { makeMember, makeOwner } from "../factories";
import { call } from "../http";

const id = (p: string) => `${p}_${crypto.randomBytes(6).toString("hex")}`;

afterEach(() => resetWindowsForTests());

// One instant in the middle of a window, so no test straddles a window boundary.
const NOW = Math.floor(Date.now() / 60_000) * 60_000 + 30_000;
const check = (input: Parameters<typeof checkProxyRateLimit>[0]) => checkProxyRateLimit(input, NOW);

async function teamWithLimits(keyRpm: number, connectionRpm: number) {
  const owner = await makeOwner();
  const res = await call(limitsRoute.PATCH, {
    method: "PATCH",
    cookie: owner.cookie,
    body: { key_rpm: keyRpm, connection_rpm: connectionRpm },
  });
  expect(res.status).toBe(200);
  return owner;
}

describe("checkProxyRateLimit", () => {
  it("sends RateLimit-* on every answer and refuses past the connection limit with Retry-After", async () => {
    const owner = await teamWithLimits(100, 3);
    const input = { teamId: owner.teamId, apiKeyId: id("key"), connectionId: id("conn") };
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await check(input);
      expect(r.allowed).toBe(true);
      expect(r.headers["RateLimit-Limit"]).toBe("3"); // the connection limit is the one closer to running out
      seen.push(Number(r.headers["RateLimit-Remaining"]));
      expect(Number(r.headers["RateLimit-Reset"])).toBe(30);
      expect(r.headers["RateLimit-Policy"]).toBe('100;w=60;comment="api_key", 3;w=60;comment="connection"');
      expect(r.headers["Retry-After"]).toBeUndefined();
    }
    expect(seen).toEqual([2, 1, 0]);
    const refused = await check(input);
    expect(refused.allowed).toBe(false);
    expect(refused.limitedBy).toBe("connection");
    expect(refused.headers["RateLimit-Remaining"]).toBe("0");
    expect(refused.headers["Retry-After"]).toBe(String(refused.retryAfterSeconds));
    const err = proxyRateLimitError(refused);
    expect(err.status).toBe(429);
    expect(err.headers["Retry-After"]).toBe(refused.headers["Retry-After"]);
  });

  it("counts two keys independently, while both share their connection's limit", async () => {
    const owner = await teamWithLimits(2, 10);
    const [keyA, keyB] = [id("key"), id("key")];
    const connA = id("conn");
    const connB = id("conn");
    const a = (connectionId: string) =>
      check({ teamId: owner.teamId, apiKeyId: keyA, connectionId });
    const b = (connectionId: string) =>
      check({ teamId: owner.teamId, apiKeyId: keyB, connectionId });
    expect((await a(connA)).allowed).toBe(true);
    expect((await a(connB)).allowed).toBe(true); // the key limit spans connections
    const third = await a(connA);
    expect(third.allowed).toBe(false);
    expect(third.limitedBy).toBe("api_key");
    // key B is untouched by A's exhaustion
    const bFirst = await b(connA);
    expect(bFirst.allowed).toBe(true);
    expect(bFirst.headers["RateLimit-Remaining"]).toBe("1");
    // A's refused request was not counted against connA: 2 (A, B) of 10 used, not 3
    const conn = await check({ teamId: owner.teamId, apiKeyId: null, connectionId: connA });
    expect(conn.headers["RateLimit-Limit"]).toBe("10");
    expect(conn.headers["RateLimit-Remaining"]).toBe("7");
    expect(conn.headers["RateLimit-Policy"]).toBe('10;w=60;comment="connection"');
  });

  it("uses each team's own limits, and a change applies at once on this instance", async () => {
    const strict = await teamWithLimits(1, 1);
    const other = await makeOwner(); // defaults
    expect(await getTeamProxyLimits(other.teamId)).toEqual({ key_rpm: 1200, connection_rpm: 600 });
    const conn = id("conn");
    const key = id("key");
    expect(
      (await check({ teamId: strict.teamId, apiKeyId: key, connectionId: conn })).allowed,
    ).toBe(true);
    expect(
      (await check({ teamId: strict.teamId, apiKeyId: key, connectionId: conn })).allowed,
    ).toBe(false);
    // the same ids under another team are other counters
    const r = await check({ teamId: other.teamId, apiKeyId: key, connectionId: conn });
    expect(r.allowed).toBe(true);
    expect(r.headers["RateLimit-Limit"]).toBe("600");

    const raised = await call(limitsRoute.PATCH, {
      method: "PATCH",
      cookie: strict.cookie,
      body: { key_rpm: 5, connection_rpm: 5 },
    });
    expect(raised.json).toEqual({ key_rpm: 5, connection_rpm: 5 });
    const after = await check({ teamId: strict.teamId, apiKeyId: key, connectionId: conn });
    expect(after.allowed).toBe(true);
    expect(after.headers["RateLimit-Remaining"]).toBe("3");
  });
});

describe("GET/PATCH /api/v1/team/proxy-limits", () => {
  it("reads the defaults, validates input, needs an admin to change, and audits the change", async () => {
    const owner = await makeOwner();
    const member = await makeMember(owner.teamId, "member");
    const read = await call(limitsRoute.GET, { cookie: member.cookie });
    expect(read.status).toBe(200);
    expect(read.json).toEqual({ key_rpm: 1200, connection_rpm: 600 });

    const denied = await call(limitsRoute.PATCH, {
      method: "PATCH",
      cookie: member.cookie,
      body: { key_rpm: 5 },
    });
    expect(denied.status).toBe(403);
    for (const body of [{}, { key_rpm: 0 }, { key_rpm: 1.5 }, { key_rpm: "10" }, { other: 1 }]) {
      const bad = await call(limitsRoute.PATCH, { method: "PATCH", cookie: owner.cookie, body });
      expect(bad.status, JSON.stringify(body)).toBe(422);
      expect(bad.json.error?.code).toBe("validation_failed");
    }
    const bad = await call(limitsRoute.PATCH, {
      method: "PATCH",
      cookie: owner.cookie,
      rawBody: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(bad.status).toBe(400);

    const ok = await call(limitsRoute.PATCH, {
      method: "PATCH",
      cookie: owner.cookie,
      body: { connection_rpm: 42 },
    });
    expect(ok.json).toEqual({ key_rpm: 1200, connection_rpm: 42 });
    const audit = await db.auditEntry.findFirst({
      where: { teamId: owner.teamId, action: "team.proxy_limits_updated" },
    });
    expect(audit).not.toBeNull();

    const unauthenticated = await call(limitsRoute.GET);
    expect(unauthenticated.status).toBe(401);
  });
});
