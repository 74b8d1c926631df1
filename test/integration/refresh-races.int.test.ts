// The refresh engine against a real authorization server with refresh-token rotation and reuse detection
// (oidc-provider: presenting a consumed refresh token revokes the whole grant — its refresh AND access tokens,
// RFC 9700 §4.14.2). Each describe block is one finding of issue 7:
//   A — the refresh lease carries its holder's identity; staggered forced refreshes over two processes never send
//       one refresh token twice.
//   C — the scheduler refreshes at 80 % of a token's lifetime (or the margin, whichever is later), once per
//       lifetime; "Refresh now" on a connection that needs re-auth does not call the provider.
//   8 — a refresh request that may have reached the provider is never resent with the same refresh token; only
//       failures before anything was sent are retried.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import http from "node:http";
import net from "node:net";
import { createInterface, type Interface } from "node:readline";
import { afterEach, describe, expect, inject, it } from "vitest";
import * as refreshRoute from "@/app/api/v1/connections/[id]/refresh/route";
import { CredentialRevoked } from "@/lib/connections/errors";
import { refreshConnection } from "@/lib/connections/refresh-connection";
import { db } from "@/lib/db";
import { refreshDueConnections } from "@/lib/jobs/refresh-scheduler";
import { setOutboundHostMapForTests, setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import type { OAuthServer, OAuthServerEvent } from "@/e2e/fixtures/oauth-test-server";
import {
  connectToOwnServer,
  storedOAuthConnection,
  teamWithOwnOAuthServer,
  type TTeamOAuth,
} from "../oauth-team";
import type { TTestUser } from "../factories";
import { call } from "../http";
import type { TWorkerRefresh } from "./refresh-worker";

const CLIENT_ID = "patchbay-races";
const CLIENT_SECRET = "races-client-secret-0123456789abcdef";
const HOUR_S = 3600;

let servers: OAuthServer[] = [];
let children: ChildProcess[] = [];
let closers: (() => Promise<void>)[] = [];
const savedTimeout = process.env.PATCHBAY_TOKEN_TIMEOUT_MS;

afterEach(async () => {
  setOutboundPolicyForTests(undefined);
  setOutboundHostMapForTests(undefined);
  if (savedTimeout === undefined) delete process.env.PATCHBAY_TOKEN_TIMEOUT_MS;
  else process.env.PATCHBAY_TOKEN_TIMEOUT_MS = savedTimeout;
  for (const child of children) if (child.exitCode === null) child.kill();
  children = [];
  await Promise.all([...servers.map((s) => s.close()), ...closers.map((c) => c())]);
  servers = [];
  closers = [];
});

type TProvider = TTeamOAuth;

const providerForNewTeam = (opts: { ttlSeconds: number }): Promise<TProvider> =>
  teamWithOwnOAuthServer({
    client: { id: CLIENT_ID, secret: CLIENT_SECRET },
    ttlSeconds: opts.ttlSeconds,
    track: (s) => servers.push(s),
  });

type TTokenEvent = Extract<OAuthServerEvent, { type: "token" }>;
const refreshGrants = (events: OAuthServerEvent[]) =>
  events.filter((e): e is TTokenEvent => e.type === "token" && e.grantType === "refresh_token");

const fingerprint = (token: string) => crypto.createHash("sha256").update(token).digest("hex");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The provider's protected resource, as an API call with the handed-out token would reach it. */
const resourceStatus = async (server: OAuthServer, token: string) =>
  (await fetch(`${server.issuer}/me`, { headers: { authorization: `Bearer ${token}` } })).status;

/** Process B: the same library code against the same database, driven line by line over stdin. */
function spawnWorker(owner: TTestUser, resourceUrl: string) {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "test/integration/refresh-worker.ts",
      owner.teamId,
      owner.userId,
      "-",
      "rounds",
      resourceUrl,
    ],
    {
      cwd: process.cwd(),
      env: { ...process.env, DATABASE_URL: inject("databaseUrl") },
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  children.push(child);
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const lines: Interface = createInterface({ input: child.stdout });
  const next = (prefix: string) =>
    new Promise<string>((resolve, reject) => {
      const onLine = (l: string) => {
        if (!l.startsWith(prefix)) return;
        lines.off("line", onLine);
        resolve(l.slice(prefix.length));
      };
      lines.on("line", onLine);
      void exited.then((code) =>
        reject(new Error(`worker exited (${String(code)}) before ${prefix}: ${stderr}`)),
      );
    });
  return {
    ready: next("READY"),
    async round(id: string, count: number, spacing: number) {
      const result = next("RESULT ");
      child.stdin.write(`round ${id} ${String(count)} ${String(spacing)}\n`);
      return JSON.parse(await result) as TWorkerRefresh[];
    },
    async check() {
      const result = next("CHECK ");
      child.stdin.write("check\n");
      return JSON.parse(await result) as Record<string, number>;
    },
    async stop() {
      child.stdin.end();
      return exited;
    },
  };
}

describe("Finding A — the refresh lease carries its holder's identity", () => {
  const ROUNDS = 20;
  const SPACINGS_MS = [0, 5, 10, 20];
  const CALLS_PER_PROCESS = 25;

  it("staggered forced refreshes over two processes: one grant per refresh, no reuse, connected, every token works", async () => {
    const { server, owner } = await providerForNewTeam({ ttlSeconds: HOUR_S });
    const worker = spawnWorker(owner, `${server.issuer}/me`);
    await worker.ready;

    const handedOut = new Map<string, string>(); // this process's tokens, by fingerprint
    const forcedRefresh = async (id: string): Promise<TWorkerRefresh> => {
      try {
        const out = await refreshConnection(owner.teamId, id, { force: true });
        if (out.credentials.type !== "oauth2") return { ok: false, error: out.credentials.type };
        const fp = fingerprint(out.credentials.access_token);
        handedOut.set(fp, out.credentials.access_token);
        return { ok: true, refreshed: out.refreshed, fingerprint: fp };
      } catch (err) {
        return { ok: false, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
      }
    };

    const problems: string[] = [];
    let totalGrants = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const spacing = SPACINGS_MS[round % SPACINGS_MS.length]!;
      const id = await connectToOwnServer(owner, `race-${String(round)}@example.test`);
      const firstEvent = server.events.length;

      // Both processes start their calls at (nearly) the same moment, each spaced `spacing` ms apart.
      const [theirs, mine] = await Promise.all([
        worker.round(id, CALLS_PER_PROCESS, spacing),
        Promise.all(
          Array.from({ length: CALLS_PER_PROCESS }, async (_, i) => {
            if (spacing > 0) await sleep(i * spacing);
            return forcedRefresh(id);
          }),
        ),
      ]);
      const all = [...mine, ...theirs];
      const grants = refreshGrants(server.events.slice(firstEvent));
      totalGrants += grants.length;
      const refreshed = all.filter((r) => r.ok && r.refreshed).length;

      // Every token any caller was handed still works at the provider once the round is over.
      const theirStatuses = await worker.check();
      const myStatuses: Record<string, number> = {};
      for (const [fp, token] of handedOut) myStatuses[fp] = await resourceStatus(server, token);
      handedOut.clear();
      const dead = Object.values({ ...theirStatuses, ...myStatuses }).filter((s) => s !== 200).length;
      const { row, accessToken } = await storedOAuthConnection(id);

      const where = `round ${String(round)} (${String(spacing)} ms)`;
      const rejected = grants.filter((g) => !g.ok).map((g) => g.error ?? "?");
      if (rejected.length) problems.push(`${where}: the provider refused ${rejected.join(", ")} (reuse)`);
      if (refreshed !== grants.length)
        problems.push(`${where}: ${String(refreshed)} refreshes but ${String(grants.length)} grants`);
      if (row.status !== "connected") problems.push(`${where}: connection is ${row.status}`);
      const failed = all.filter((r) => !r.ok);
      if (failed.length) problems.push(`${where}: ${String(failed.length)} callers failed`);
      if (dead) problems.push(`${where}: ${String(dead)} handed-out tokens no longer work`);
      if ((await resourceStatus(server, accessToken)) !== 200) problems.push(`${where}: stored token dead`);
      if (row.refreshLeaseUntil !== null) problems.push(`${where}: lease left behind`);
    }
    expect(await worker.stop()).toBe(0);
    expect(problems).toEqual([]);
    // The rounds did race: staggered forced refreshes meant several refreshes per round, not one.
    expect(totalGrants).toBeGreaterThan(ROUNDS);
  }, 240_000);
});

describe("Finding C — proactive refresh at a fraction of the lifetime", () => {
  const MARGIN_MS = 10 * 60_000; // the default PATCHBAY_REFRESH_MARGIN_SECONDS (600), ten times the token's lifetime
  /** One scheduler pass on each of two instances at once (a large batch: other files share the database). */
  const tickOnTwoInstances = () =>
    Promise.all([refreshDueConnections(MARGIN_MS, 500), refreshDueConnections(MARGIN_MS, 500)]);

  it("a 60 s token with a 600 s margin is refreshed once at 80 % of its lifetime, not on every tick", async () => {
    const { server, owner } = await providerForNewTeam({ ttlSeconds: 60 });
    const id = await connectToOwnServer(owner, "short-lived@example.test");
    const first = await storedOAuthConnection(id);
    expect(first.row.tokenExpiresAt!.getTime() - Date.now()).toBeLessThanOrEqual(60_000);

    // Just obtained: well inside the margin, but only a sliver of its lifetime has passed.
    for (let tick = 0; tick < 3; tick++) await tickOnTwoInstances();
    expect(server.tokenCount("refresh_token")).toBe(0);
    expect((await storedOAuthConnection(id)).row.credentialsSealed).toBe(first.row.credentialsSealed);

    // 50 s later (moved back in the row rather than waited for): past 80 % — due, and refreshed exactly once
    // however many ticks on however many instances see it.
    await db.connection.update({
      where: { id },
      data: {
        lastAuthorizedAt: new Date(first.row.lastAuthorizedAt!.getTime() - 50_000),
        tokenExpiresAt: new Date(first.row.tokenExpiresAt!.getTime() - 50_000),
      },
    });
    for (let tick = 0; tick < 3; tick++) await tickOnTwoInstances();
    expect(refreshGrants(server.events)).toEqual([expect.objectContaining({ ok: true })]);
    const after = await storedOAuthConnection(id);
    expect(after.accessToken).not.toBe(first.accessToken);
    expect(after.row).toMatchObject({ status: "connected", lastErrorCode: null, refreshLeaseUntil: null });
    expect(after.row.lastRefreshedAt!.getTime()).toBeGreaterThan(first.row.lastAuthorizedAt!.getTime());
    expect(await resourceStatus(server, after.accessToken)).toBe(200);
  }, 60_000);

  it("POST /refresh on a connection that needs re-auth is a 409 with the status, and the provider is not asked", async () => {
    const { server, owner } = await providerForNewTeam({ ttlSeconds: HOUR_S });
    const id = await connectToOwnServer(owner, "doomed@example.test");
    server.invalidateAllRefreshTokens(); // the grant is gone at the provider (revoked by the user there …)
    const post = () => call(refreshRoute.POST, { method: "POST", cookie: owner.cookie, params: { id } });

    // A burst a few ms apart — "Refresh now" clicked again and again, a script retrying.
    const burst = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        await sleep(i * 5);
        return post();
      }),
    );
    // The first discovers invalid_grant; nobody asks the provider again.
    expect(server.tokenCount("refresh_token")).toBe(1);
    for (const res of burst) {
      expect(res.status, res.text).toBe(409);
      expect(res.json).toMatchObject({ error: { code: "conflict", details: { status: "needs_reauth" } } });
    }

    // And any time later: a clear answer, still without a provider call.
    const again = await post();
    expect(again.status, again.text).toBe(409);
    expect(again.json).toMatchObject({
      error: {
        code: "conflict",
        message: expect.stringContaining("reconnected") as string,
        details: { status: "needs_reauth", reason: "invalid_grant" },
      },
    });
    expect(server.tokenCount("refresh_token")).toBe(1);
    expect((await storedOAuthConnection(id)).row.status).toBe("needs_reauth");
  });
});

// ── finding 8 ──

type TGatewayMode = "pass" | "rotate_then_500" | "rotate_then_hang";

/**
 * A gateway in front of the real provider, as a load balancer would stand: in the faulty modes it forwards the
 * token request (so the provider really processes it — and rotates the refresh token) and then loses the answer:
 * a 500 instead, or no answer at all. Patchbay reaches it through the outbound host map.
 */
async function startFaultyGateway(upstream: string) {
  let mode: TGatewayMode = "pass";
  const held = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const headers: Record<string, string> = {};
        for (const name of ["authorization", "content-type", "accept"]) {
          const v = req.headers[name];
          if (typeof v === "string") headers[name] = v;
        }
        const body = chunks.length ? Buffer.concat(chunks) : undefined;
        const answer = await fetch(`${upstream}${req.url ?? "/"}`, { method: req.method, headers, body });
        const text = await answer.text();
        const isToken = req.method === "POST" && req.url === "/token";
        if (isToken && mode === "rotate_then_500") {
          res.writeHead(500, { "content-type": "text/html" }).end("<h1>502 Bad Gateway</h1>");
        } else if (isToken && mode === "rotate_then_hang") {
          held.add(res); // never answered; the client times out
        } else {
          res.writeHead(answer.status, {
            "content-type": answer.headers.get("content-type") ?? "text/plain",
          });
          res.end(text);
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${String((server.address() as net.AddressInfo).port)}`;
  const close = () =>
    new Promise<void>((resolve) => {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  closers.push(close);
  return { url, setMode: (m: TGatewayMode) => (mode = m) };
}

/** A TCP port that accepts and drops every connection before TLS is established; counts the attempts. */
async function startTlsNeverEstablished() {
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    url: `https://127.0.0.1:${String((server.address() as net.AddressInfo).port)}`,
    connections: () => connections,
  };
}

describe("Finding 8 — a refresh that may have reached the provider is not resent", () => {
  /** A connection whose provider calls go through the gateway (the provider itself stays the same). */
  async function behindGateway(login: string) {
    const { server, owner } = await providerForNewTeam({ ttlSeconds: HOUR_S });
    const id = await connectToOwnServer(owner, login);
    const gateway = await startFaultyGateway(server.issuer);
    setOutboundHostMapForTests({ "127.0.0.1": gateway.url });
    return { server, owner, id, gateway, before: await storedOAuthConnection(id) };
  }

  for (const mode of ["rotate_then_500", "rotate_then_hang"] as const) {
    it(`${mode}: one refresh_token request reached the provider, and no retry with the old token kills the connection`, async () => {
      const { server, owner, id, gateway, before } = await behindGateway(`${mode}@example.test`);
      process.env.PATCHBAY_TOKEN_TIMEOUT_MS = "1500"; // the hang outlasts it
      gateway.setMode(mode);

      const out = await refreshConnection(owner.teamId, id, { force: true });

      // The provider processed exactly one request — and rotated: the refresh token we hold is consumed now.
      expect(refreshGrants(server.events)).toEqual([expect.objectContaining({ ok: true })]);
      // Not resent: no reuse was presented, so the grant was not revoked and the still-valid token works.
      expect(out).toMatchObject({ refreshed: false, credentials: { access_token: before.accessToken } });
      expect(await resourceStatus(server, before.accessToken)).toBe(200);
      const after = await storedOAuthConnection(id);
      expect(after.row).toMatchObject({
        status: "connected",
        lastErrorCode: "outcome_unknown",
        refreshFailures: 1,
        refreshLeaseUntil: null,
      });
      expect(after.row.lastErrorMessage).toContain("may have reached");
      expect(after.row.refreshRetryAfter!.getTime()).toBeGreaterThan(Date.now());
      expect(after.row.credentialsSealed).toBe(before.row.credentialsSealed);

      // The rotated token was lost with the answer, so the next try (after the backoff) is refused: visibly, with
      // the reason, rather than by a silent retry that also revoked the working access token at once.
      gateway.setMode("pass");
      const next = await refreshConnection(owner.teamId, id, { force: true }).catch((e: unknown) => e);
      expect(next).toBeInstanceOf(CredentialRevoked);
      const final = await storedOAuthConnection(id);
      expect(final.row).toMatchObject({ status: "needs_reauth", lastErrorCode: "invalid_grant" });
      expect(final.row.lastErrorMessage).toContain("earlier refresh went unanswered");
      expect(refreshGrants(server.events).map((e) => e.error ?? "ok")).toEqual(["ok", "invalid_grant"]);
    });
  }

  it("a failure before anything was sent (TLS never established) is retried and classified provider_unreachable", async () => {
    const { server, owner } = await providerForNewTeam({ ttlSeconds: HOUR_S });
    const id = await connectToOwnServer(owner, "unreachable@example.test");
    const before = await storedOAuthConnection(id);
    const dead = await startTlsNeverEstablished();
    setOutboundHostMapForTests({ "127.0.0.1": dead.url });

    const out = await refreshConnection(owner.teamId, id, { force: true });
    expect(out).toMatchObject({ refreshed: false, credentials: { access_token: before.accessToken } });
    expect(dead.connections()).toBe(3); // every attempt: the request never left, so resending is safe
    expect(server.tokenCount()).toBe(1); // only the code exchange of the connect flow
    const after = await storedOAuthConnection(id);
    expect(after.row).toMatchObject({ status: "connected", lastErrorCode: "provider_unreachable" });
    expect(after.row.credentialsSealed).toBe(before.row.credentialsSealed);

    // Nothing was consumed at the provider: once reachable, the same refresh token works.
    setOutboundHostMapForTests(undefined);
    expect((await refreshConnection(owner.teamId, id, { force: true })).refreshed).toBe(true);
    expect(refreshGrants(server.events)).toEqual([expect.objectContaining({ ok: true })]);
    expect((await storedOAuthConnection(id)).row).toMatchObject({ status: "connected", lastErrorCode: null });
  });
});
