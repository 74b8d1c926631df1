// The life of a connection after it is made, against a real OAuth server (oidc-provider: refresh-token rotation
// with reuse detection, revocation) reached through a team's own "sandbox" app: proactive refresh, single-flight
// refresh across two processes, rotation, invalid_grant, provider outages, a crash mid-refresh, disconnect with
// and without a reachable provider, API-key verification, and who may touch which connection.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import net from "node:net";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, inject, it } from "vitest";
import * as connectionsRoute from "@/app/api/v1/connections/route";
import * as connectionRoute from "@/app/api/v1/connections/[id]/route";
import * as eventsRoute from "@/app/api/v1/connections/[id]/events/route";
import * as refreshRoute from "@/app/api/v1/connections/[id]/refresh/route";
import * as testRoute from "@/app/api/v1/connections/[id]/test/route";
import { maskStripeKey, startFakeStripe, type FakeHandle } from "@/e2e/fixtures/fake-providers";
import { createConnection } from "@/lib/connections/create-connection";
import { openCredentials } from "@/lib/connections/credentials";
import { getCredentials } from "@/lib/connections/get-credentials";
import { refreshConnection } from "@/lib/connections/refresh-connection";
import { db } from "@/lib/db";
import { CredentialRevoked } from "@/lib/connections/errors";
import { toAppError } from "@/lib/http/to-error-response";
import { refreshDueConnections } from "@/lib/jobs/refresh-scheduler";
import { setOutboundHostMapForTests, setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import type { OAuthServer, OAuthServerEvent } from "@/e2e/fixtures/oauth-test-server";
import {
  connectToOwnServer,
  storedOAuthConnection,
  teamWithOwnOAuthServer,
  type TTeamOAuth,
} from "../oauth-team";
import { defaultBrandId, makeMember, makeOwner, type TTestUser } from "../factories";
import { call } from "../http";

const CLIENT_ID = "patchbay-lifecycle";
const CLIENT_SECRET = "lifecycle-client-secret-0123456789";
const HOUR_S = 3600;

let servers: OAuthServer[] = [];
let fakes: FakeHandle[] = [];
let children: ChildProcess[] = [];

afterEach(async () => {
  setOutboundPolicyForTests(undefined);
  setOutboundHostMapForTests(undefined);
  for (const child of children) if (child.exitCode === null) child.kill();
  children = [];
  await Promise.all([...servers.map((s) => s.close()), ...fakes.map((f) => f.close())]);
  servers = [];
  fakes = [];
});

type TProvider = TTeamOAuth;

const providerForNewTeam = (opts: { ttlSeconds: number }): Promise<TProvider> =>
  teamWithOwnOAuthServer({
    client: { id: CLIENT_ID, secret: CLIENT_SECRET },
    ttlSeconds: opts.ttlSeconds,
    track: (s) => servers.push(s),
  });

/**
 * Resolves to the error code an API caller would see for what a promise rejects with ("ok" when it resolves):
 * domain errors are mapped the way every entry point maps them.
 */
const outcome = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: unknown) => toAppError(e)?.code ?? `not a known error: ${String(e)}`,
  );

type TTokenEvent = Extract<OAuthServerEvent, { type: "token" }>;
const tokenEvents = (server: OAuthServer, grantType: string) =>
  server.events.filter((e): e is TTokenEvent => e.type === "token" && e.grantType === grantType);

/** Presents a refresh token to the provider directly, as a client would (to prove what the provider accepts). */
async function presentRefreshToken(server: OAuthServer, refreshToken: string) {
  const res = await fetch(`${server.issuer}/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken }).toString(),
  });
  return { status: res.status, body: (await res.json()) as { error?: string } };
}

const fingerprint = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

describe("token refresh", () => {
  it("refreshes a token that is about to expire proactively, with no request, and leaves others alone", async () => {
    const soon = await providerForNewTeam({ ttlSeconds: 5 });
    const soonId = await connectToOwnServer(soon.owner, "soon@example.test");
    const later = await providerForNewTeam({ ttlSeconds: HOUR_S });
    const laterId = await connectToOwnServer(later.owner, "later@example.test");
    const before = await storedOAuthConnection(soonId);
    const laterBefore = await storedOAuthConnection(laterId);
    expect(before.row.tokenExpiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + 5_000);
    expect(before.row.lastRefreshedAt).toBeNull();
    // Due needs 80 % of the lifetime gone as well as the margin (finding C, refresh-races.int.test.ts): make the
    // token one obtained a minute ago, so its last 5 s are well inside the last 20 %.
    await db.connection.update({
      where: { id: soonId },
      data: { lastAuthorizedAt: new Date(Date.now() - 60_000) },
    });

    // One scheduler pass with a 10-minute margin (a large batch: other test files share the database).
    const refreshed = await refreshDueConnections(10 * 60_000, 500);

    expect(refreshed).toBeGreaterThanOrEqual(1);
    expect(tokenEvents(soon.server, "refresh_token")).toEqual([expect.objectContaining({ ok: true })]);
    const after = await storedOAuthConnection(soonId);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.row.lastRefreshedAt).toBeInstanceOf(Date);
    expect(after.row.tokenExpiresAt!.getTime()).toBeGreaterThan(before.row.tokenExpiresAt!.getTime());
    expect(after.row.status).toBe("connected");

    // An hour from expiry: not due, not touched.
    expect(later.server.tokenCount("refresh_token")).toBe(0);
    const laterAfter = await storedOAuthConnection(laterId);
    expect(laterAfter.row.credentialsSealed).toBe(laterBefore.row.credentialsSealed);
    expect(laterAfter.row.lastRefreshedAt).toBeNull();
    expect(laterAfter.row.tokenExpiresAt).toEqual(laterBefore.row.tokenExpiresAt);
  });

  it("200 concurrent reads of an expired token in two processes cause exactly one refresh", async () => {
    const { server, owner } = await providerForNewTeam({ ttlSeconds: HOUR_S });
    const id = await connectToOwnServer(owner, "concurrent@example.test");
    const before = await storedOAuthConnection(id);
    await db.connection.update({ where: { id }, data: { tokenExpiresAt: new Date(Date.now() - 60_000) } });

    // Process B: a child running the same library code against the same database.
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "test/integration/refresh-worker.ts", owner.teamId, owner.userId, id, "100"],
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
    const lines = createInterface({ input: child.stdout });
    const line = (prefix: string) =>
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
    const ready = line("READY");
    const started = line("STARTED");
    const result = line("RESULT ");
    for (const p of [ready, started, result]) p.catch(() => undefined); // awaited below; no unhandled noise

    try {
      await ready;
      // Hold the provider's answer until both processes have fired all their reads, so the race is real.
      server.failTokenEndpoint("hang");
      child.stdin.write("go\n");
      const here = Array.from({ length: 100 }, () =>
        getCredentials(owner.ctx, id).then(
          ({ credentials }) => ({
            ok: true as const,
            fingerprint: credentials.type === "oauth2" ? fingerprint(credentials.access_token) : "",
          }),
          (err: unknown) => ({ ok: false as const, error: String(err) }),
        ),
      );
      await started;
      // Someone holds the lease, i.e. one refresh is in flight (held at the provider) while 200 reads wait.
      while (!(await db.connection.findUniqueOrThrow({ where: { id } })).refreshLeaseUntil) {
        await new Promise((r) => setImmediate(r));
      }
      server.failTokenEndpoint("none");

      const mine = await Promise.all(here);
      const theirs = JSON.parse(await result) as typeof mine;
      expect(await exited).toBe(0);

      const all = [...mine, ...theirs];
      expect(all).toHaveLength(200);
      expect(all.filter((r) => !r.ok)).toEqual([]);
      const after = await storedOAuthConnection(id);
      expect(after.accessToken).not.toBe(before.accessToken);
      expect(new Set(all.map((r) => (r.ok ? r.fingerprint : r.error)))).toEqual(
        new Set([fingerprint(after.accessToken)]),
      );
      expect(server.tokenCount("refresh_token")).toBe(1);
      expect(tokenEvents(server, "refresh_token")[0]).toMatchObject({ ok: true });
      expect(after.row.refreshLeaseUntil).toBeNull();
      expect(after.row.tokenExpiresAt!.getTime()).toBeGreaterThan(Date.now());
    } finally {
      server.failTokenEndpoint("none");
    }
  }, 60_000); // usually 3–6 s; the margin is for a busy machine

  it("stores the rotated refresh token, and the stored one keeps working", async () => {
    const { server, owner } = await providerForNewTeam({ ttlSeconds: HOUR_S });
    const id = await connectToOwnServer(owner, "rotate@example.test");
    const first = await storedOAuthConnection(id);

    const out = await refreshConnection(owner.teamId, id, { force: true });
    expect(out.refreshed).toBe(true);
    const second = await storedOAuthConnection(id);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);

    // The provider consumed the first refresh token; only the stored (rotated) one can refresh again.
    expect((await refreshConnection(owner.teamId, id, { force: true })).refreshed).toBe(true);
    const third = await storedOAuthConnection(id);
    expect(third.refreshToken).not.toBe(second.refreshToken);
    expect(third.row.status).toBe("connected");
    expect(tokenEvents(server, "refresh_token").map((e) => e.ok)).toEqual([true, true]);

    // And the provider really does refuse an old one (reuse detection), which is why storing the new one matters.
    expect(await presentRefreshToken(server, first.refreshToken)).toMatchObject({
      status: 400,
      body: { error: "invalid_grant" },
    });
  });

  it("invalid_grant moves the connection to needs_reauth with an event, and reads are refused", async () => {
    const { server, owner } = await providerForNewTeam({ ttlSeconds: HOUR_S });
    const id = await connectToOwnServer(owner, "revoked@example.test");
    server.invalidateAllRefreshTokens();

    expect(await outcome(refreshConnection(owner.teamId, id, { force: true }))).toBe("conflict");
    expect(tokenEvents(server, "refresh_token")).toEqual([
      expect.objectContaining({ ok: false, error: "invalid_grant" }),
    ]);
    const { row } = await storedOAuthConnection(id);
    expect(row).toMatchObject({
      status: "needs_reauth",
      lastErrorCode: "invalid_grant",
      refreshLeaseUntil: null,
    });

    const events = await call(eventsRoute.GET, { cookie: owner.cookie, params: { id } });
    expect(events.status).toBe(200);
    expect(events.json.data).toEqual([
      expect.objectContaining({ from: null, to: "connected" }),
      expect.objectContaining({
        from: "connected",
        to: "needs_reauth",
        reason: expect.stringContaining("invalid_grant") as string,
      }),
    ]);
    expect(await outcome(getCredentials(owner.ctx, id))).toBe("conflict");
    expect(server.tokenCount("refresh_token")).toBe(1); // refused without asking the provider again
  });

  // Was "retried three times": a 500 comes from a provider that received the refresh token and may have rotated
  // it, so it is no longer resent at once (issue 7, finding 8; refresh-races.int.test.ts). Connect-level
  // failures are still retried.
  it("a provider 500 is not resent with the same refresh token; the connection stays connected and backs off", async () => {
    const { server, owner } = await providerForNewTeam({ ttlSeconds: HOUR_S });
    const id = await connectToOwnServer(owner, "outage@example.test");
    const before = await storedOAuthConnection(id);
    server.failTokenEndpoint("500");
    try {
      const out = await refreshConnection(owner.teamId, id, { force: true });
      // The current token is still valid, so callers keep working with it.
      expect(out).toMatchObject({ refreshed: false, credentials: { access_token: before.accessToken } });
    } finally {
      server.failTokenEndpoint("none");
    }
    expect(tokenEvents(server, "refresh_token")).toHaveLength(1);
    expect(tokenEvents(server, "refresh_token").every((e) => !e.ok && e.error === "server_error")).toBe(true);
    const after = await storedOAuthConnection(id);
    expect(after.row).toMatchObject({
      status: "connected",
      lastErrorCode: "outcome_unknown",
      refreshFailures: 1,
      refreshLeaseUntil: null,
    });
    expect(after.row.lastErrorMessage).toBeTruthy();
    expect(after.row.refreshRetryAfter!.getTime()).toBeGreaterThan(Date.now());
    expect(after.row.credentialsSealed).toBe(before.row.credentialsSealed);
  });

  it("a provider that hangs cannot let a second refresh start: the lease outlives every attempt", async () => {
    const { server, owner } = await providerForNewTeam({ ttlSeconds: HOUR_S });
    const id = await connectToOwnServer(owner, "slow@example.test");
    await db.connection.update({ where: { id }, data: { tokenExpiresAt: new Date(Date.now() - 1000) } });
    const timeout = process.env.PATCHBAY_TOKEN_TIMEOUT_MS;
    process.env.PATCHBAY_TOKEN_TIMEOUT_MS = "20000"; // three attempts could take a minute
    server.failTokenEndpoint("hang");
    try {
      const first = refreshConnection(owner.teamId, id, { force: true });
      let leaseUntil: Date | null = null;
      while (!leaseUntil) {
        leaseUntil = (await db.connection.findUniqueOrThrow({ where: { id } })).refreshLeaseUntil;
      }
      // Three timed-out attempts must not outlast the lease, or a second caller would refresh with the same
      // refresh token (a 30 s lease did not cover them).
      expect(leaseUntil.getTime() - Date.now()).toBeGreaterThan(3 * 20_000);
      // A reader meanwhile waits for the holder (or, if it comes late, finds the fresh token) — never refreshes.
      const reader = getCredentials(owner.ctx, id);
      server.failTokenEndpoint("none");
      const [a, b] = await Promise.all([first, reader]);
      expect(a.refreshed).toBe(true);
      expect(b.credentials).toEqual(a.credentials);
      expect(tokenEvents(server, "refresh_token")).toEqual([expect.objectContaining({ ok: true })]);
    } finally {
      server.failTokenEndpoint("none");
      if (timeout === undefined) delete process.env.PATCHBAY_TOKEN_TIMEOUT_MS;
      else process.env.PATCHBAY_TOKEN_TIMEOUT_MS = timeout;
    }
  });

  it("a crash between the token response and the write keeps the old tokens; the next refresh asks for re-auth", async () => {
    const { server, owner } = await providerForNewTeam({ ttlSeconds: HOUR_S });
    const id = await connectToOwnServer(owner, "crash@example.test");
    const before = await storedOAuthConnection(id);

    const crash = new Error("simulated crash after the token response");
    await expect(
      refreshConnection(owner.teamId, id, {
        force: true,
        hooks: { afterTokenResponse: () => Promise.reject(crash) },
      }),
    ).rejects.toBe(crash);

    // The provider answered (and rotated the refresh token) …
    expect(tokenEvents(server, "refresh_token")).toEqual([expect.objectContaining({ ok: true })]);
    // … but nothing was written: same sealed value, same expiry, still connected, lease released, no event.
    const afterCrash = await storedOAuthConnection(id);
    expect(afterCrash.row.credentialsSealed).toBe(before.row.credentialsSealed);
    expect(afterCrash.row).toMatchObject({
      status: "connected",
      tokenExpiresAt: before.row.tokenExpiresAt,
      lastRefreshedAt: null,
      refreshLeaseUntil: null,
      lastErrorCode: null,
    });
    expect(await db.connectionEvent.count({ where: { connectionId: id } })).toBe(1);

    // The next refresh presents the refresh token the provider already rotated: invalid_grant, by design a
    // visible needs_reauth with a reason rather than a silent failure.
    const next = await refreshConnection(owner.teamId, id, { force: true }).catch((e: unknown) => e);
    expect(next).toBeInstanceOf(CredentialRevoked);
    expect(toAppError(next)).toMatchObject({ code: "conflict", details: { status: "needs_reauth" } });
    expect(tokenEvents(server, "refresh_token").map((e) => e.error ?? "ok")).toEqual(["ok", "invalid_grant"]);
    const final = await storedOAuthConnection(id);
    expect(final.row).toMatchObject({
      status: "needs_reauth",
      lastErrorCode: "invalid_grant",
      refreshLeaseUntil: null,
    });
    expect(final.row.credentialsSealed).toBe(before.row.credentialsSealed);
    const events = await db.connectionEvent.findMany({
      where: { connectionId: id },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((e) => [e.fromStatus, e.toStatus, e.reason])).toEqual([
      [null, "connected", expect.any(String)],
      ["connected", "needs_reauth", "refresh refused: invalid_grant"],
    ]);
  });
});

describe("disconnect", () => {
  it("revokes at the provider, deletes the connection and records it", async () => {
    const { server, owner } = await providerForNewTeam({ ttlSeconds: HOUR_S });
    const id = await connectToOwnServer(owner, "leaving@example.test");
    const { refreshToken } = await storedOAuthConnection(id);

    const res = await call(connectionRoute.DELETE, {
      method: "DELETE",
      cookie: owner.cookie,
      params: { id },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ id, deleted: true, revocation: { attempted: true, ok: true, error: null } });
    expect(server.events).toContainEqual(
      expect.objectContaining({ type: "revocation", clientId: CLIENT_ID, tokenTypeHint: "refresh_token" }),
    );
    // Really revoked: the provider no longer honours the refresh token.
    expect((await presentRefreshToken(server, refreshToken)).body.error).toBe("invalid_grant");
    expect(await db.connection.findUnique({ where: { id } })).toBeNull();
    const audit = await db.auditEntry.findFirst({
      where: { teamId: owner.teamId, action: "connection.disconnected", targetId: id },
    });
    expect(audit?.metadata).toMatchObject({ revoked_at_provider: true, revocation_error: null });
  });

  it("still deletes the local secrets when the provider cannot be reached, and says so", async () => {
    const { server, owner } = await providerForNewTeam({ ttlSeconds: HOUR_S });
    const id = await connectToOwnServer(owner, "offline@example.test");
    const { row } = await storedOAuthConnection(id);
    await server.close();

    const res = await call(connectionRoute.DELETE, {
      method: "DELETE",
      cookie: owner.cookie,
      params: { id },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({
      id,
      deleted: true,
      revocation: {
        attempted: true,
        ok: false,
        error: expect.stringContaining("could not be reached") as string,
      },
    });
    expect(await db.connection.findUnique({ where: { id } })).toBeNull();
    expect(await db.connection.count({ where: { credentialsSealed: row.credentialsSealed } })).toBe(0);
    const audit = await db.auditEntry.findFirst({
      where: { teamId: owner.teamId, action: "connection.disconnected", targetId: id },
    });
    expect(audit?.metadata).toMatchObject({
      revoked_at_provider: false,
      revocation_error: expect.stringContaining("could not be reached") as string,
    });
  });
});

describe("API-key connections are verified before anything is stored", () => {
  const VALID = `sk_test_${"A1b2C3d4".repeat(3)}`;
  const INVALID = `sk_test_${"Z9y8X7w6".repeat(3)}`;

  async function stripeFor(target: string) {
    setOutboundHostMapForTests({ "api.stripe.com": target });
    setOutboundPolicyForTests({ allowPrivate: true });
  }

  const closedPort = () =>
    new Promise<number>((resolve, reject) => {
      const s = net.createServer();
      s.once("error", reject);
      s.listen(0, "127.0.0.1", () => {
        const { port } = s.address() as net.AddressInfo;
        s.close(() => resolve(port));
      });
    });

  it("valid → 201; rejected → 422 with Stripe's masked reason; unreachable → 502; nothing stored on failure", async () => {
    const stripe = await startFakeStripe({ validKeys: [VALID] });
    fakes.push(stripe);
    await stripeFor(stripe.url);
    const owner = await makeOwner();
    const post = (api_key: string) =>
      call(connectionsRoute.POST, {
        method: "POST",
        cookie: owner.cookie,
        body: { provider: "stripe", api_key },
      });

    const ok = await post(VALID);
    expect(ok.status, ok.text).toBe(201);
    expect(ok.json).toMatchObject({ provider: "stripe", auth_mode: "api_key", status: "connected" });
    expect(ok.text).not.toContain(VALID);
    const row = await db.connection.findUniqueOrThrow({
      where: { id: ok.json.id as string },
      omit: { credentialsSealed: false },
    });
    expect(openCredentials(row.id, row.credentialsSealed!)).toEqual({ type: "api_key", api_key: VALID });
    expect(stripe.requestsTo("/v1/account", "GET")).toHaveLength(1);

    const bad = await post(INVALID);
    expect(bad.status, bad.text).toBe(422);
    expect(bad.json.error).toMatchObject({ code: "validation_failed" });
    expect(bad.json.error!.message).toContain(`Invalid API Key provided: ${maskStripeKey(INVALID)}`);
    expect(bad.text).not.toContain(INVALID);

    await stripeFor(`http://127.0.0.1:${String(await closedPort())}`);
    const down = await post(VALID);
    expect(down.status, down.text).toBe(502);
    expect(down.json.error).toMatchObject({ code: "bad_gateway", details: { reason: "network" } });

    expect(await db.connection.findMany({ where: { teamId: owner.teamId }, select: { id: true } })).toEqual([
      { id: row.id },
    ]);
  });
});

describe("who may touch which connection", () => {
  /** A connection row made the way every creation path makes one (sealed before insert, first event). */
  async function makeConnection(
    owner: TTestUser,
    who: { ownerKind: "user"; userId: string } | { ownerKind: "shared" },
    label: string,
  ) {
    const row = await createConnection(
      {
        teamId: owner.teamId,
        brandId: await defaultBrandId(owner.teamId),
        ownerKind: who.ownerKind,
        ownerUserId: who.ownerKind === "user" ? who.userId : null,
        providerSlug: "sandbox",
        authMode: "oauth2",
        label,
        credentials: { type: "oauth2", access_token: "at-not-used", refresh_token: "rt-not-used", extra: {} },
        accountIdentity: {},
        params: {},
        metadata: {},
        context: {},
        scopes: [],
        tokenExpiresAt: new Date(Date.now() + HOUR_S * 1000),
        refreshTokenExpiresAt: null,
      },
      "created by a test",
    );
    return row.id;
  }

  /** Every connection endpoint, as `user`, on `id`: the statuses in order. */
  async function statusesOf(user: TTestUser, id: string) {
    const as = { cookie: user.cookie, params: { id } };
    return [
      (await call(connectionRoute.GET, as)).status,
      (await call(connectionRoute.PATCH, { ...as, method: "PATCH", body: { label: "taken over" } })).status,
      (await call(connectionRoute.DELETE, { ...as, method: "DELETE" })).status,
      (await call(testRoute.POST, { ...as, method: "POST" })).status,
      (await call(refreshRoute.POST, { ...as, method: "POST" })).status,
      (await call(eventsRoute.GET, as)).status,
    ];
  }

  const listIds = async (user: TTestUser) => {
    const res = await call(connectionsRoute.GET, {
      cookie: user.cookie,
      path: "/api/v1/connections?limit=200",
    });
    expect(res.status, res.text).toBe(200);
    return (res.json.data as { id: string }[]).map((c) => c.id);
  };

  it("another team's connection and another member's private one are 404 everywhere", async () => {
    const owner = await makeOwner();
    const member = await makeMember(owner.teamId, "member");
    const colleague = await makeMember(owner.teamId, "member");
    const admin = await makeMember(owner.teamId, "admin");
    const stranger = await makeOwner();
    const privateId = await makeConnection(owner, { ownerKind: "user", userId: colleague.userId }, "private");
    const sharedId = await makeConnection(owner, { ownerKind: "shared" }, "shared");
    const ownId = await makeConnection(owner, { ownerKind: "user", userId: member.userId }, "own");
    const foreignId = await makeConnection(
      stranger,
      { ownerKind: "user", userId: stranger.userId },
      "foreign",
    );

    const allNotFound = [404, 404, 404, 404, 404, 404];
    expect(await statusesOf(member, privateId)).toEqual(allNotFound);
    expect(await statusesOf(owner, foreignId)).toEqual(allNotFound);
    expect(await statusesOf(member, foreignId)).toEqual(allNotFound);
    // Nothing happened to them.
    for (const [id, label] of [
      [privateId, "private"],
      [foreignId, "foreign"],
    ] as const) {
      expect(
        await db.connection.findUnique({ where: { id }, select: { label: true, status: true } }),
      ).toEqual({
        label,
        status: "connected",
      });
      expect(await db.connectionEvent.count({ where: { connectionId: id } })).toBe(1);
    }

    const memberSees = await listIds(member);
    expect(memberSees).not.toContain(privateId);
    expect(memberSees).toEqual(expect.arrayContaining([sharedId, ownId]));
    expect(
      (await call(connectionRoute.GET, { cookie: member.cookie, params: { id: sharedId } })).status,
    ).toBe(200);
    expect(
      (await call(connectionRoute.GET, { cookie: admin.cookie, params: { id: privateId } })).status,
    ).toBe(200);
    const adminSees = await listIds(admin);
    expect(adminSees).toEqual(expect.arrayContaining([privateId, sharedId, ownId]));
    expect(adminSees).not.toContain(foreignId);
  });

  it("promote_to_primary keeps exactly one primary per role per brand", async () => {
    const owner = await makeOwner();
    const a = await makeConnection(owner, { ownerKind: "shared" }, "A");
    const b = await makeConnection(owner, { ownerKind: "shared" }, "B");
    const promote = (id: string) =>
      call(connectionRoute.PATCH, {
        method: "PATCH",
        cookie: owner.cookie,
        params: { id },
        body: { promote_to_primary: "source" },
      });

    const first = await promote(a);
    expect(first.status, first.text).toBe(200);
    expect(first.json).toMatchObject({ primary_roles: ["source"], roles: ["source"] });
    expect((await promote(b)).status).toBe(200);

    const rows = await db.connection.findMany({
      where: { teamId: owner.teamId },
      select: { id: true, primaryRoles: true, roles: true },
    });
    expect(rows.filter((r) => r.primaryRoles.includes("source")).map((r) => r.id)).toEqual([b]);
    expect(rows.find((r) => r.id === a)).toMatchObject({ primaryRoles: [], roles: ["source"] });
  });
});
