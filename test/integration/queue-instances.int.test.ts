// Two app instances working the job queue against one database (a database of its own, so the other test files'
// connections are not refreshed under them): embedded PGlite — both processes reach it over its socket URL — or a
// fresh PostgreSQL database when TEST_DATABASE_URL is set. Each process runs every job definition of the app
// (test/integration/queue-instance.ts), with pg-boss's cron, maintenance and workers, as lib/boot starts them.
// The token endpoint is the test OAuth server with refresh-token rotation and reuse detection: a connection
// refreshed twice with one refresh token would be revoked, so "no reuse" below is the provider's verdict.
//
//   1. N due connections, two instances: each refreshed exactly once, no reuse, every connection connected.
//   2. The refresh scan (a cron duty, like the health-check scan) ran at most once per minute tick across both
//      instances, and never twice at once.
//   3. An instance killed with SIGKILL in the middle of a refresh job: the job is retried by the other instance
//      once pg-boss expires it, and the connection is refreshed exactly once.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OAuthServer, OAuthServerEvent } from "@/e2e/fixtures/oauth-test-server";
import { db, disconnectDb } from "@/lib/db";
import { createTestDatabase, type TTestDatabase } from "../database";
import { connectToOwnServer, storedOAuthConnection, teamWithOwnOAuthServer } from "../oauth-team";

const N = 12;
const TOKEN_TIMEOUT_MS = "5000"; // lease ≈ 25 s, so a refresh job expires ≈ 56 s after it started
let database: TTestDatabase;
const servers: OAuthServer[] = [];
const children: ChildProcess[] = [];
const savedUrl = process.env.DATABASE_URL;

beforeAll(async () => {
  database = await createTestDatabase();
  await disconnectDb();
  process.env.DATABASE_URL = database.url;
}, 120_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await Promise.all(servers.map((s) => s.close()));
  await disconnectDb();
  process.env.DATABASE_URL = savedUrl;
  await database.drop();
}, 60_000);

type TLine = { at: number; pid: number; words: string[] };

function startInstance(log: TLine[]) {
  const child = spawn(process.execPath, ["--import", "tsx", "test/integration/queue-instance.ts"], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: database.url, PATCHBAY_TOKEN_TIMEOUT_MS: TOKEN_TIMEOUT_MS },
    stdio: ["pipe", "pipe", "pipe"],
  });
  children.push(child);
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  const lines = createInterface({ input: child.stdout });
  const ready = new Promise<void>((resolve, reject) => {
    lines.on("line", (l) => {
      log.push({ at: Date.now(), pid: child.pid!, words: l.split(" ") });
      if (l === "READY") resolve();
    });
    child.once("exit", (code) => reject(new Error(`instance exited (${String(code)}): ${stderr}`)));
  });
  return { child, ready };
}

async function until<T>(what: string, f: () => Promise<T | undefined | false>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

type TTokenEvent = Extract<OAuthServerEvent, { type: "token" }>;
const refreshGrants = (s: OAuthServer) =>
  s.events.filter((e): e is TTokenEvent => e.type === "token" && e.grantType === "refresh_token");

/** Moves a connection's token times back so it is due now (expires in 5 min, issued an hour before that). */
async function makeDue(id: string) {
  const expires = new Date(Date.now() + 5 * 60_000);
  await db.connection.update({
    where: { id },
    data: { tokenExpiresAt: expires, lastAuthorizedAt: new Date(expires.getTime() - 3600_000) },
  });
}

describe("job queue on two instances", () => {
  it("refreshes each due connection once, runs a cron duty once per tick, and retries a killed instance's job", async () => {
    // Data: N connections at one provider, and one connection (K) at a second provider for the kill.
    const a = await teamWithOwnOAuthServer({
      client: { id: "instances-a", secret: "instances-a-secret-0123456789abcdef" },
      ttlSeconds: 3600,
      track: (s) => servers.push(s),
    });
    const ids: string[] = [];
    for (let i = 0; i < N; i++) ids.push(await connectToOwnServer(a.owner, `due-${String(i)}@example.test`));
    const b = await teamWithOwnOAuthServer({
      client: { id: "instances-b", secret: "instances-b-secret-0123456789abcdef" },
      ttlSeconds: 3600,
      track: (s) => servers.push(s),
    });
    const k = await connectToOwnServer(b.owner, "killed@example.test");
    const before = new Map<string, string>();
    for (const id of ids) before.set(id, (await storedOAuthConnection(id)).accessToken);
    for (const id of ids) await makeDue(id);

    // Two instances, started a moment apart (as a rolling deploy would).
    const log: TLine[] = [];
    const observedFrom = Date.now();
    const one = startInstance(log);
    await one.ready;
    const two = startInstance(log);
    await two.ready;

    // 1 — every due connection refreshed exactly once.
    await until(
      "every due connection refreshed",
      async () => {
        const rows = await db.connection.findMany({
          where: { id: { in: ids } },
          select: { lastRefreshedAt: true },
        });
        return rows.every((r) => r.lastRefreshedAt !== null);
      },
      120_000,
    );
    const grants = refreshGrants(a.server);
    expect(grants.filter((g) => !g.ok)).toEqual([]); // no invalid_grant: no refresh token was presented twice
    expect(grants).toHaveLength(N);
    for (const id of ids) {
      const { row, accessToken } = await storedOAuthConnection(id);
      expect(row).toMatchObject({ status: "connected", lastErrorCode: null, refreshLeaseUntil: null });
      expect(accessToken).not.toBe(before.get(id));
      const me = await fetch(`${a.server.issuer}/me`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect(me.status).toBe(200);
    }
    // 3 — K falls due while its provider holds token requests; kill -9 whichever instance starts its refresh.
    b.server.failTokenEndpoint("hang");
    await makeDue(k);
    const started = await until(
      "K's refresh job to start",
      async () =>
        log.find(
          (l) =>
            l.words[0] === "START" && l.words[1] === "connections.refresh" && l.words.join(" ").includes(k),
        ),
      90_000,
    );
    // Mid-handler: it holds the refresh lease and its token request is on its way to (or held by) the provider.
    await until(
      "K's refresh lease",
      async () => (await db.connection.findUniqueOrThrow({ where: { id: k } })).refreshLeaseUntil !== null,
      5_000,
    );
    await until("K's token request held by the provider", async () => b.server.heldRequests() > 0, 10_000);
    const victim = [one, two].find((i) => i.child.pid === started.pid)!;
    const survivor = [one, two].find((i) => i.child.pid !== started.pid)!;
    victim.child.kill("SIGKILL");
    await new Promise((r) => victim.child.once("exit", r));
    // The provider must have seen the dead client's socket close before the outage ends: a request it still
    // held would be processed (rotating K's refresh token behind the retry's back — a real provider does the
    // same, and no hub can avoid that loss; here it would only be the test's own race).
    await until(
      "the provider to drop the killed instance's request",
      async () => b.server.events.some((e) => e.type === "token" && e.error === "client_closed"),
      10_000,
    );
    b.server.failTokenEndpoint("none");

    const jobId = started.words[2]!;
    const retried = await until(
      "the killed job to be retried and finish on the other instance",
      async () => {
        const end = log.find((l) => l.words[0] === "END" && l.words[2] === jobId);
        return end?.pid === survivor.child.pid ? end : undefined;
      },
      150_000,
    );
    expect(retried.pid).toBe(survivor.child.pid);
    const retryStart = log.find(
      (l) => l.words[0] === "START" && l.words[2] === jobId && l.pid === survivor.child.pid,
    );
    expect(Number(retryStart?.words[3])).toBeGreaterThanOrEqual(1); // pg-boss counted it as a retry
    const kGrants = refreshGrants(b.server);
    expect(kGrants.filter((g) => g.ok)).toHaveLength(1);
    expect(kGrants.filter((g) => !g.ok).map((g) => g.error)).not.toContain("invalid_grant");
    const kRow = (await storedOAuthConnection(k)).row;
    expect(kRow).toMatchObject({ status: "connected", lastErrorCode: null, refreshLeaseUntil: null });
    expect(kRow.lastRefreshedAt).not.toBeNull();

    // 2 — the refresh scan: at most one run per minute tick over the whole run (two instances each firing their
    // own cron would give two), at least two ticks seen, and no two runs overlapping.
    const observedTo = Date.now();
    const scans = log.filter((l) => l.words[1] === "connections.refresh-scan");
    const runs = new Map<string, { start?: number; end?: number }>();
    for (const l of scans) {
      const r = runs.get(l.words[2]!) ?? {};
      if (l.words[0] === "START") r.start = l.at;
      else r.end = l.at;
      runs.set(l.words[2]!, r);
    }
    const ticks = Math.floor(observedTo / 60_000) - Math.floor(observedFrom / 60_000) + 1;
    expect(runs.size).toBeGreaterThanOrEqual(2);
    expect(runs.size).toBeLessThanOrEqual(ticks);
    const spans = [...runs.values()]
      .map((r) => [r.start ?? 0, r.end ?? observedTo] as const)
      .sort((x, y) => x[0] - y[0]);
    for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);

    survivor.child.stdin.end();
    expect(await new Promise((r) => survivor.child.once("exit", (code) => r(code)))).toBe(0);
  }, 420_000);
});
