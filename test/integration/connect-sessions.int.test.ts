// Hosted connect sessions (issue 10, items 3–5): a partner's API key makes a 30-minute, single-use session for one
// of its connected accounts; the hosted page's token is the only authority. Against a real OAuth server
// (oidc-provider as the team's "sandbox" app) and a Stripe fake. What must hold:
//  1. the API answers { connect_url, session_id, expires_at }; the token is stored only as an HMAC; polling says
//     pending, then connected + connection_id; the connection is the account's (ownerKind account) in the brand;
//  2. refused, each with a clear error and NOTHING created: an expired session, a used session (also two grants
//     started from one session: only one connection), a redirect URL off the allow-list, another partner's
//     account (by id and by external id: the same 404 as unknown), a provider not allowed by the partner or not
//     offered by the session, partner mode off;
//  3. a grant started on the hosted page binds only in the browser that showed the page (pb_cb cookie);
//  4. a reconnect session brings a needs_reauth connection back to connected with the same id;
//  5. an API-key provider: invalid key → inline 422 and the session stays pending; valid → connected;
//  6. retention deletes sessions a day past expiry.
import { afterEach, describe, expect, it } from "vitest";
import * as accountConnectRoute from "@/app/api/v1/accounts/[id]/connect/route";
import * as sessionsRoute from "@/app/api/v1/connect-sessions/route";
import * as sessionRoute from "@/app/api/v1/connect-sessions/[id]/route";
import * as reconnectSessionRoute from "@/app/api/v1/connections/[id]/reconnect-session/route";
import { startFakeStripe, type FakeHandle } from "@/e2e/fixtures/fake-providers";
import type { OAuthServer } from "@/e2e/fixtures/oauth-test-server";
import {
  cancelHostedSession,
  openHostedSession,
  startHostedOAuth,
  submitHostedCredential,
} from "@/lib/connect-sessions/hosted";
import { pruneExpiredSessions } from "@/lib/connect-sessions/prune-expired-sessions";
import { db } from "@/lib/db";
import { setOutboundHostMapForTests, setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import { consentAtProvider } from "../cookie-jar";
import { hitCallback, openBindUrl } from "../connect-flow";
import { defaultBrandId, makeApiKey, makeOwner, type TTestUser } from "../factories";
import { call } from "../http";
import { TEAM_OAUTH_CALLBACK, teamWithOwnOAuthServer } from "../oauth-team";

const RECEIVER = "https://partner.example/connected";
const STRIPE_KEY = "sk_test_connectSessionValid0123456789";

let servers: OAuthServer[] = [];
let fakes: FakeHandle[] = [];
afterEach(async () => {
  setOutboundPolicyForTests(undefined);
  setOutboundHostMapForTests(undefined);
  await Promise.all([...servers, ...fakes].map((s) => s.close()));
  servers = [];
  fakes = [];
});

type TPartner = { owner: TTestUser; key: string; accountId: string; externalId: string };

/** A team in partner mode (rows written directly: the partner API belongs to lib/partners), a key, an account. */
async function partner(owner: TTestUser, profile: Partial<{ enabled: boolean; defaultProviders: string[] }> = {}) {
  await db.partnerProfile.create({
    data: {
      teamId: owner.teamId,
      displayName: "Acme Apps",
      logoUrl: "https://partner.example/logo.png",
      primaryColor: "#0f766e",
      allowedRedirectOrigins: ["https://partner.example"],
      defaultProviders: profile.defaultProviders ?? ["sandbox", "stripe"],
      enabled: profile.enabled ?? true,
    },
  });
  const externalId = `user-${Math.random().toString(36).slice(2, 10)}`;
  const account = await db.connectedAccount.create({
    data: { id: `acct_${Math.random().toString(36).slice(2, 14)}`, teamId: owner.teamId, externalId },
  });
  const { key } = await makeApiKey(owner, ["connections:read", "connections:write"]);
  return { owner, key, accountId: account.id, externalId } satisfies TPartner;
}

async function oauthPartner() {
  const { owner } = await teamWithOwnOAuthServer({
    client: { id: "patchbay-cs", secret: "connect-session-client-secret-0123" },
    ttlSeconds: 3600,
    track: (s) => servers.push(s),
  });
  return partner(owner);
}

async function createSession(p: TPartner, body: Record<string, unknown> = {}) {
  return call(accountConnectRoute.POST, {
    method: "POST",
    bearer: p.key,
    params: { id: p.accountId },
    body: { redirect_url: RECEIVER, ...body },
  });
}

async function session(p: TPartner, body: Record<string, unknown> = {}) {
  const res = await createSession(p, body);
  expect(res.status, res.text).toBe(201);
  const out = res.json as { session_id: string; connect_url: string; expires_at: string };
  return { ...out, token: new URL(out.connect_url).pathname.split("/").pop()! };
}

const poll = (p: TPartner, id: string) =>
  call(sessionRoute.GET, { bearer: p.key, params: { id } }).then((r) => r.json);

/** The hosted page's OAuth button, then the browser: bind, sign in and consent, callback. */
async function hostedOAuth(token: string, login = "alice", browser = "browser-secret-value-0123456789") {
  const grant = await startHostedOAuth(token, "sandbox", browser);
  const bound = await openBindUrl(grant.authorization_url, `pb_cb=${browser}`);
  expect(bound.status, bound.text).toBe(302);
  const cb = await consentAtProvider(bound.location!, login, TEAM_OAUTH_CALLBACK);
  return hitCallback(cb, bound.cookie);
}

const connectionsOf = (teamId: string) => db.connection.count({ where: { teamId } });

describe("hosted connect sessions", () => {
  it("1. creates a session, stores only the token's HMAC, and connects the account through OAuth", async () => {
    const p = await oauthPartner();
    const s = await session(p, { providers: ["sandbox"], label: "Alice's sandbox" });
    expect(s.connect_url).toMatch(/^http:\/\/localhost:\d+\/connect\/cs1_/);
    expect(new Date(s.expires_at).getTime() - Date.now()).toBeGreaterThan(29 * 60_000);
    const row = await db.connectSession.findUniqueOrThrow({ where: { id: s.session_id } });
    expect(row.tokenHash).not.toContain(s.token);
    expect(JSON.stringify(row)).not.toContain(s.token);
    expect(await poll(p, s.session_id)).toMatchObject({ status: "pending", connection_id: null });

    const page = await openHostedSession(s.token);
    expect(page).toMatchObject({ state: "pending", branding: { name: "Acme Apps", primaryColor: "#0f766e" } });

    const done = await hostedOAuth(s.token);
    expect(done.status).toBe(302);
    const back = new URL(done.location!);
    expect(back.origin + back.pathname).toBe(RECEIVER);
    expect(back.searchParams.get("status")).toBe("success");
    expect(back.searchParams.get("provider")).toBe("sandbox");
    const connectionId = back.searchParams.get("connection_id")!;
    const conn = await db.connection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(conn).toMatchObject({
      ownerKind: "account",
      accountId: p.accountId,
      ownerUserId: null,
      brandId: await defaultBrandId(p.owner.teamId),
      label: "Alice's sandbox",
      status: "connected",
    });
    expect(await poll(p, s.session_id)).toMatchObject({
      status: "connected",
      connection_id: connectionId,
      provider: "sandbox",
      external_id: p.externalId,
    });
    expect(await openHostedSession(s.token)).toMatchObject({ state: "used", outcome: "connected" });
  });

  it("1b. POST /connect-sessions names the account by external_id or account_id (exactly one)", async () => {
    const p = await partner(await makeOwner());
    const byExt = await call(sessionsRoute.POST, {
      method: "POST",
      bearer: p.key,
      body: { external_id: p.externalId, redirect_url: RECEIVER, providers: ["stripe"] },
    });
    expect(byExt.status, byExt.text).toBe(201);
    const both = await call(sessionsRoute.POST, {
      method: "POST",
      bearer: p.key,
      body: { external_id: p.externalId, account_id: p.accountId, redirect_url: RECEIVER },
    });
    expect(both.status).toBe(422);
  });

  it("2a. an expired session shows 'expired' and creates nothing", async () => {
    const p = await oauthPartner();
    const s = await session(p);
    await db.connectSession.update({ where: { id: s.session_id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await openHostedSession(s.token)).toMatchObject({ state: "expired" });
    await expect(startHostedOAuth(s.token, "sandbox", "b")).rejects.toMatchObject({
      code: "gone",
      message: expect.stringContaining("expired") as string,
    });
    await expect(submitHostedCredential(s.token, "stripe", { api_key: STRIPE_KEY }, {})).rejects.toMatchObject({
      code: "gone",
    });
    expect(await poll(p, s.session_id)).toMatchObject({ status: "expired" });
    expect(await db.oAuthGrant.count({ where: { connectSessionId: s.session_id } })).toBe(0);
    expect(await connectionsOf(p.owner.teamId)).toBe(0);
  });

  it("2b. a used session refuses more; two grants raced from one session make ONE connection", async () => {
    const p = await oauthPartner();
    const s = await session(p, { providers: ["sandbox"] });
    // Both started while pending (two tabs); the second to come back finds the session used.
    const browser = "browser-secret-value-0123456789";
    const g1 = await startHostedOAuth(s.token, "sandbox", browser);
    const g2 = await startHostedOAuth(s.token, "sandbox", browser);
    const finish = async (url: string) => {
      const bound = await openBindUrl(url, `pb_cb=${browser}`);
      const cb = await consentAtProvider(bound.location!, "alice", TEAM_OAUTH_CALLBACK);
      return hitCallback(cb, bound.cookie);
    };
    const first = new URL((await finish(g1.authorization_url)).location!);
    const second = new URL((await finish(g2.authorization_url)).location!);
    expect(first.searchParams.get("status")).toBe("success");
    expect(second.searchParams.get("status")).toBe("error");
    expect(second.searchParams.get("error")).toBe("session_used");
    expect(await connectionsOf(p.owner.teamId)).toBe(1);
    await expect(startHostedOAuth(s.token, "sandbox", browser)).rejects.toMatchObject({
      code: "gone",
      message: expect.stringContaining("already used") as string,
    });
    await expect(submitHostedCredential(s.token, "sandbox", { api_key: "x" }, {})).rejects.toMatchObject({
      code: "gone",
    });
    expect(await connectionsOf(p.owner.teamId)).toBe(1);
  });

  it("2c. a redirect URL off the allow-list (exact origin) is refused, nothing stored", async () => {
    const p = await partner(await makeOwner());
    for (const redirect_url of [
      "https://evil.example/cb",
      "https://partner.example.evil.example/cb",
      "http://partner.example/cb",
      "https://partner.example:8443/cb",
    ]) {
      const res = await createSession(p, { redirect_url });
      expect(res.status, redirect_url).toBe(422);
      expect(res.json.error).toMatchObject({ code: "validation_failed" });
      expect(res.json.error!.message).toContain("redirect_url is not on an allowed origin");
    }
    expect(await db.connectSession.count({ where: { teamId: p.owner.teamId } })).toBe(0);
  });

  it("2d. another partner's account or session is not found, exactly like an unknown one", async () => {
    const a = await partner(await makeOwner());
    const b = await partner(await makeOwner());
    const unknown = await call(accountConnectRoute.POST, {
      method: "POST",
      bearer: a.key,
      params: { id: "acct_doesnotexist" },
      body: { redirect_url: RECEIVER },
    });
    const foreign = await call(accountConnectRoute.POST, {
      method: "POST",
      bearer: a.key,
      params: { id: b.accountId },
      body: { redirect_url: RECEIVER },
    });
    expect(unknown.status).toBe(404);
    expect(foreign.status).toBe(404);
    expect(foreign.json).toEqual(unknown.json);
    const foreignExt = await call(sessionsRoute.POST, {
      method: "POST",
      bearer: a.key,
      body: { external_id: b.externalId, redirect_url: RECEIVER },
    });
    expect(foreignExt.status).toBe(404);
    expect(foreignExt.json).toEqual(unknown.json);

    const bs = await session(b, { providers: ["stripe"] });
    const peek = await call(sessionRoute.GET, { bearer: a.key, params: { id: bs.session_id } });
    const none = await call(sessionRoute.GET, { bearer: a.key, params: { id: "cs_doesnotexist" } });
    expect(peek.status).toBe(404);
    expect(peek.json).toEqual(none.json);
    expect(await db.connectSession.count({ where: { teamId: a.owner.teamId } })).toBe(0);
  });

  it("2e. providers: not in the partner's allowed list, unknown, or not offered by the session → refused", async () => {
    const p = await partner(await makeOwner(), { defaultProviders: ["stripe"] });
    const notAllowed = await createSession(p, { providers: ["stripe", "github"] });
    expect(notAllowed.status).toBe(422);
    expect(JSON.stringify(notAllowed.json.error!.details)).toContain("not among the partner's allowed providers");
    const p2 = await partner(await makeOwner(), { defaultProviders: [] });
    const unknown = await createSession(p2, { providers: ["no-such-provider"] });
    expect(unknown.status).toBe(422);
    expect(unknown.json.error!.details).toEqual({
      issues: [{ path: "body.providers.0", message: 'unknown provider "no-such-provider"', code: "invalid_value" }],
    });
    const none = await createSession(p2);
    expect(none.status).toBe(422);
    expect(await db.connectSession.count({ where: { teamId: { in: [p.owner.teamId, p2.owner.teamId] } } })).toBe(0);

    const s = await session(p, { providers: ["stripe"] });
    await expect(startHostedOAuth(s.token, "sandbox", "b")).rejects.toMatchObject({
      code: "bad_request",
      message: "This provider is not offered on this connect page.",
    });
    expect(await db.oAuthGrant.count({ where: { teamId: p.owner.teamId } })).toBe(0);
    expect(await poll(p, s.session_id)).toMatchObject({ status: "pending" });
  });

  it("2f. partner mode off → 403, nothing stored; an invalid token is simply not valid", async () => {
    const p = await partner(await makeOwner(), { enabled: false });
    const res = await createSession(p);
    expect(res.status).toBe(403);
    expect(res.json.error!.message).toContain("Partner mode is off");
    expect(await db.connectSession.count({ where: { teamId: p.owner.teamId } })).toBe(0);
    expect(await openHostedSession("cs1_" + "a".repeat(43))).toEqual({ state: "invalid" });
    expect(await openHostedSession("../../etc")).toEqual({ state: "invalid" });
  });

  it("3. the grant's link binds only in the browser that showed the hosted page", async () => {
    const p = await oauthPartner();
    const s = await session(p, { providers: ["sandbox"] });
    const grant = await startHostedOAuth(s.token, "sandbox", "the-page-browser-0123456789");
    const elsewhere = await openBindUrl(grant.authorization_url, "pb_cb=another-browser-0123456789");
    expect(elsewhere.status).toBe(403);
    const noCookie = await openBindUrl(grant.authorization_url, "");
    expect(noCookie.status).toBe(403);
    const here = await openBindUrl(grant.authorization_url, "pb_cb=the-page-browser-0123456789");
    expect(here.status).toBe(302);
  });

  it("4. a reconnect session brings a needs_reauth connection back to connected with the same id", async () => {
    const p = await oauthPartner();
    const s = await session(p, { providers: ["sandbox"], label: "Main" });
    const first = new URL((await hostedOAuth(s.token)).location!);
    const id = first.searchParams.get("connection_id")!;
    await db.connection.update({
      where: { id },
      data: { status: "needs_reauth", lastErrorCode: "credentials_rejected", settings: { region: "eu" } },
    });
    const res = await call(reconnectSessionRoute.POST, {
      method: "POST",
      bearer: p.key,
      params: { id },
      body: { redirect_url: RECEIVER, locale: "de" },
    });
    expect(res.status, res.text).toBe(201);
    const rs = res.json as { session_id: string; connect_url: string };
    const token = new URL(rs.connect_url).pathname.split("/").pop()!;
    expect(await openHostedSession(token)).toMatchObject({ state: "pending", reconnect: true, locale: "de" });
    const back = new URL((await hostedOAuth(token)).location!);
    expect(back.searchParams.get("status")).toBe("success");
    expect(back.searchParams.get("connection_id")).toBe(id);
    const conn = await db.connection.findUniqueOrThrow({ where: { id } });
    expect(conn).toMatchObject({ status: "connected", lastErrorCode: null, label: "Main", accountId: p.accountId });
    expect(conn.settings).toEqual({ region: "eu" });
    expect(await connectionsOf(p.owner.teamId)).toBe(1);
    expect(await poll(p, rs.session_id)).toMatchObject({
      status: "connected",
      connection_id: id,
      reconnect_connection_id: id,
    });
    // Another partner cannot make a reconnect session for it.
    const other = await partner(await makeOwner());
    const foreign = await call(reconnectSessionRoute.POST, {
      method: "POST",
      bearer: other.key,
      params: { id },
      body: { redirect_url: RECEIVER },
    });
    expect(foreign.status).toBe(404);
  });

  it("5. API-key provider: an invalid key is refused inline (session stays pending), a valid one connects", async () => {
    const stripe = await startFakeStripe({ validKeys: [STRIPE_KEY] });
    fakes.push(stripe);
    setOutboundHostMapForTests({ "api.stripe.com": stripe.url });
    setOutboundPolicyForTests({ allowPrivate: true });
    const p = await partner(await makeOwner());
    const s = await session(p, { providers: ["stripe"] });
    await expect(
      submitHostedCredential(s.token, "stripe", { api_key: "sk_test_wrongKey0123456789abcdefgh" }, {}),
    ).rejects.toMatchObject({ kind: "credential_rejected", message: expect.stringContaining("Stripe rejected") as string });
    expect(await poll(p, s.session_id)).toMatchObject({ status: "pending" });
    expect(await connectionsOf(p.owner.teamId)).toBe(0);

    const ok = await submitHostedCredential(s.token, "stripe", { api_key: STRIPE_KEY }, {});
    const back = new URL(ok.redirect_url);
    expect(back.searchParams.get("status")).toBe("success");
    const conn = await db.connection.findUniqueOrThrow({ where: { id: back.searchParams.get("connection_id")! } });
    expect(conn).toMatchObject({ ownerKind: "account", accountId: p.accountId, authMode: "api_key" });
    // Used: a second key makes nothing.
    await expect(submitHostedCredential(s.token, "stripe", { api_key: STRIPE_KEY }, {})).rejects.toMatchObject({
      code: "gone",
    });
    expect(await connectionsOf(p.owner.teamId)).toBe(1);
  });

  it("5b. cancel ends the session as failed and sends the user back with status=error", async () => {
    const p = await partner(await makeOwner());
    const s = await session(p, { providers: ["stripe"] });
    const out = await cancelHostedSession(s.token);
    expect(new URL(out.redirect_url).searchParams.get("status")).toBe("error");
    expect(await poll(p, s.session_id)).toMatchObject({ status: "failed", error: { code: "user_cancelled" } });
  });

  it("6. retention deletes sessions a day past their expiry, and only those", async () => {
    const p = await partner(await makeOwner());
    const old = await session(p, { providers: ["stripe"] });
    const fresh = await session(p, { providers: ["stripe"] });
    await db.connectSession.update({
      where: { id: old.session_id },
      data: { expiresAt: new Date(Date.now() - 25 * 3600_000) },
    });
    expect(await pruneExpiredSessions()).toBeGreaterThanOrEqual(1);
    expect(await db.connectSession.findUnique({ where: { id: old.session_id } })).toBeNull();
    expect(await db.connectSession.findUnique({ where: { id: fresh.session_id } })).not.toBeNull();
  });
});
