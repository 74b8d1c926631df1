// The refresh engine against a real authorization server with refresh-token rotation and reuse detection
// (oidc-provider: presenting a consumed refresh token revokes the whole grant — its refresh AND access tokens,
// RFC 9700 §4.14.2). Each describe block is one finding of issue 7:
//   A — the refresh lease carries its holder's identity; staggered forced refreshes over two processes never send
//       one refresh token twice.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import { createInterface, type Interface } from "node:readline";
import { afterEach, describe, expect, inject, it } from "vitest";
import { openCredentials } from "@/lib/connections/credentials";
import { refreshConnection } from "@/lib/connections/refresh-connection";
import { db } from "@/lib/db";
import { configureOAuthApp } from "@/lib/oauth/configure-app";
import { setOutboundHostMapForTests, setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import { startOAuthServer, type OAuthServer, type OAuthServerEvent } from "@/lib/sandbox/oauth-server";
import { hitCallback, messageOf, openBindUrl, startFlow } from "../connect-flow";
import { consentAtProvider } from "../cookie-jar";
import { makeOwner, type TTestUser } from "../factories";
import type { TWorkerRefresh } from "./refresh-worker";

const CALLBACK = "http://localhost:3999/oauth/callback";
const CLIENT_ID = "patchbay-races";
const CLIENT_SECRET = "races-client-secret-0123456789abcdef";
const HOUR_S = 3600;

let servers: OAuthServer[] = [];
let children: ChildProcess[] = [];

afterEach(async () => {
  setOutboundPolicyForTests(undefined);
  setOutboundHostMapForTests(undefined);
  for (const child of children) if (child.exitCode === null) child.kill();
  children = [];
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

type TProvider = { server: OAuthServer; owner: TTestUser };

/** A fresh oidc-provider (rotation + reuse detection) and a team whose own "sandbox" app points at it. */
async function providerForNewTeam(opts: { ttlSeconds: number }): Promise<TProvider> {
  const server = await startOAuthServer({
    clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [CALLBACK] }],
    accessTokenTtlSeconds: opts.ttlSeconds,
    rotateRefreshToken: true,
  });
  servers.push(server);
  setOutboundPolicyForTests({ allowPrivate: true });
  const owner = await makeOwner();
  await configureOAuthApp(owner.ctx, "sandbox", {
    level: "team",
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    settings: { issuer: server.issuer },
  });
  return { server, owner };
}

/** The real connect flow (start → bind → sign-in and consent at the provider → callback); returns the id. */
async function connect(user: TTestUser, login: string): Promise<string> {
  const grant = await startFlow({ cookie: user.cookie }, "sandbox");
  const bound = await openBindUrl(grant.authorization_url, user.cookie);
  expect(bound.status, bound.text).toBe(302);
  const callback = await consentAtProvider(bound.location!, login, CALLBACK);
  const msg = messageOf((await hitCallback(callback, bound.cookie)).text);
  expect(msg, JSON.stringify(msg?.error)).toMatchObject({ status: "connected" });
  return msg!.connection_id!;
}

async function stored(id: string) {
  const row = await db.connection.findUniqueOrThrow({ where: { id }, omit: { credentialsSealed: false } });
  const creds = openCredentials(row.id, row.credentialsSealed!);
  if (creds.type !== "oauth2") throw new Error(`expected oauth2 credentials, got ${creds.type}`);
  return { row, creds, accessToken: creds.access_token, refreshToken: creds.refresh_token! };
}

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
      const id = await connect(owner, `race-${String(round)}@example.test`);
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
      const { row, accessToken } = await stored(id);

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
