// Security finding 1 (OAuth mix-up + code injection across teams) and 6 (state-changing GET), as an attacker
// would run them. The honest authorization server is the Sandbox (the real oidc-provider) with the instance's
// client; the hostile one is a fake standard OAuth server (e2e/fixtures/fake-providers/evil-oauth.ts)
// registered as an endpoint-only custom provider by a self-signed-up attacker team. Each case says what must
// not happen: no connection in the attacker's team, and the victim's code never reaches the evil token endpoint.
import crypto from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as authorizeRoute from "@/app/api/v1/connect/[provider]/authorize/route";
import * as connectionsRoute from "@/app/api/v1/connections/route";
import * as providerRoute from "@/app/api/v1/providers/[slug]/route";
import * as providersRoute from "@/app/api/v1/providers/route";
import { startFakeEvilOAuth, type FakeEvilHandle } from "@/e2e/fixtures/fake-providers/evil-oauth";
import { setInstanceCodeRedemption } from "@/lib/connections/create-connection-from-input";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { resolveOAuthApp } from "@/lib/providers/resolve-app";
import { setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import { startOAuthServer, type OAuthServer } from "@/e2e/fixtures/oauth-test-server";
import { SANDBOX_CLIENT_ID, sandboxIssuer, startSandbox, stopSandbox } from "@/lib/sandbox/sandbox-issuer";
import { aadFor, seal } from "@/lib/vault/vault";
import { consentAtProvider } from "../cookie-jar";
import { hitCallback, messageOf, openBindUrl, startFlow } from "../connect-flow";
import { makeApiKey, makeOwner, type TTestUser } from "../factories";
import { call } from "../http";

const APP = "http://localhost:3999";
const GENERIC_CALLBACK = `${APP}/oauth/callback`;

let evil: FakeEvilHandle;
beforeAll(async () => {
  await startSandbox(startOAuthServer); // the product's Sandbox, with the test knobs (token counts)
  evil = await startFakeEvilOAuth();
});
afterAll(async () => {
  await evil.close();
  await stopSandbox();
});
afterEach(() => {
  setOutboundPolicyForTests(undefined);
  evil.setOptions({ mode: "issue", bounce: undefined, iss: undefined });
});

function sandbox(): OAuthServer {
  const server = (globalThis as { __patchbaySandbox?: OAuthServer }).__patchbaySandbox;
  if (!server) throw new Error("the sandbox is not running");
  return server;
}
const codeExchangesAtSandbox = () => sandbox().tokenCount("authorization_code");
const connectionCount = (teamId: string) => db.connection.count({ where: { teamId } });
/** Did this code (or anything) reach the evil token endpoint? */
const codesAtEvil = () => evil.tokenRequests.map((r) => r.code).filter(Boolean);

/** A self-signed-up attacker team with an API key and an endpoint-only custom provider. */
async function attackerWithProvider(
  slug: string,
  endpoints: { authorization_url: string; client_id: string },
) {
  setOutboundPolicyForTests({ allowPrivate: true }); // the fakes are on loopback
  const attacker = await makeOwner();
  const key = (await makeApiKey(attacker, ["connections:read", "connections:write", "providers:read"])).key;
  const res = await call(providersRoute.POST, {
    method: "POST",
    cookie: attacker.cookie,
    body: {
      slug,
      name: "Totally Google",
      authorization_url: endpoints.authorization_url,
      token_url: `${evil.url}/token`,
      api_base_url: evil.url,
      scopes: ["openid"],
      client_id: endpoints.client_id,
      client_secret: "whatever-the-attacker-likes",
    },
  });
  expect(res.status, res.text).toBe(201);
  const app = await db.oAuthApp.findFirstOrThrow({ where: { teamId: attacker.teamId, providerSlug: slug } });
  return { attacker, key, appId: app.id };
}

/** The attacker starts a grant with the API and sends the bind link to the victim, whose browser opens it. */
async function victimOpensAttackerLink(key: string, slug: string, victim: TTestUser) {
  const grant = await startFlow({ bearer: key }, slug, { mode: "popup" });
  const bound = await openBindUrl(grant.authorization_url, victim.cookie);
  expect(bound.status, bound.text).toBe(303); // a custom provider: through the leaving-Patchbay page (POST → 303)
  return { grant, bound };
}

function refusedWith(page: { status: number; text: string }, code: string) {
  expect(page.status, page.text.slice(0, 300)).toBe(400);
  expect(messageOf(page.text)).toMatchObject({ status: "failed", connection_id: null, error: { code } });
}

/** An authorization request to the honest server for its registered (generic) redirect URI, as the victim. */
async function victimCodeAtSandbox(login: string) {
  const verifier = crypto.randomBytes(32).toString("base64url");
  const url = new URL(`${sandboxIssuer()}/auth`);
  url.search = new URLSearchParams({
    client_id: SANDBOX_CLIENT_ID,
    response_type: "code",
    redirect_uri: GENERIC_CALLBACK,
    scope: "openid",
    state: crypto.randomBytes(12).toString("base64url"),
    code_challenge: crypto.createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  }).toString();
  const back = await consentAtProvider(url.toString(), login, GENERIC_CALLBACK);
  return { code: back.searchParams.get("code")!, verifier };
}

describe("OAuth mix-up and code injection across teams (finding 1)", () => {
  it("1. bouncing the victim to the honest server with the instance client id: the honest server refuses the per-provider redirect URI", async () => {
    const victim = await makeOwner();
    const { attacker, key, appId } = await attackerWithProvider("totally-google", {
      authorization_url: `${sandboxIssuer()}/auth`,
      client_id: SANDBOX_CLIENT_ID, // public: it is in every authorization URL the instance sends
    });
    const { bound } = await victimOpensAttackerLink(key, "totally-google", victim);
    const atHonest = new URL(bound.location!);
    expect(atHonest.origin).toBe(new URL(sandboxIssuer()).origin);
    expect(atHonest.searchParams.get("client_id")).toBe(SANDBOX_CLIENT_ID);

    // The honest server has only /oauth/callback registered for its client: no sign-in page, no code.
    const res = await fetch(atHonest, { redirect: "manual" });
    expect(res.status).toBe(400);
    expect(res.headers.get("location")).toBeNull();
    expect(await res.text()).toMatch(/redirect_uri/);
    expect(atHonest.searchParams.get("redirect_uri")).toBe(`${APP}/oauth/callback/${appId}`);

    // The dashboard / API say which URI to register: the provider's own, not the honest provider's.
    const shown = await call(providerRoute.GET, { bearer: key, params: { slug: "totally-google" } });
    expect(shown.json).toMatchObject({ redirect_uri: `${APP}/oauth/callback/${appId}` });
    const sandboxShown = await call(providerRoute.GET, { bearer: key, params: { slug: "sandbox" } });
    expect(sandboxShown.json).toMatchObject({ redirect_uri: GENERIC_CALLBACK });

    expect(codesAtEvil()).toEqual([]);
    expect(await connectionCount(attacker.teamId)).toBe(0);
  });

  it("2a. the evil server bounces the victim to the honest server with Patchbay's shared callback: the callback refuses the honest code for the evil grant", async () => {
    const victim = await makeOwner();
    const { attacker, key } = await attackerWithProvider("evil-bounce", {
      authorization_url: `${evil.url}/authorize`,
      client_id: "evil-client",
    });
    evil.setOptions({
      mode: "bounce",
      bounce: {
        authorizationUrl: `${sandboxIssuer()}/auth`,
        clientId: SANDBOX_CLIENT_ID,
        redirectUri: GENERIC_CALLBACK, // registered at the honest server
        scope: "openid",
      },
    });
    const { grant, bound } = await victimOpensAttackerLink(key, "evil-bounce", victim);
    const exchanges = codeExchangesAtSandbox();
    // The victim signs in at the honest server and consents to "Patchbay"; it answers with code, state and iss.
    const callback = await consentAtProvider(bound.location!, "victim-2a@example.test", GENERIC_CALLBACK);
    const victimCode = callback.searchParams.get("code")!;
    expect(victimCode).toBeTruthy();
    expect(callback.searchParams.get("iss")).toBe(sandboxIssuer());

    refusedWith(await hitCallback(callback, bound.cookie), "redirect_uri_mismatch");

    expect(codesAtEvil()).not.toContain(victimCode);
    expect(evil.tokenRequests).toHaveLength(0);
    expect(codeExchangesAtSandbox()).toBe(exchanges); // nor was it redeemed anywhere
    expect(await connectionCount(attacker.teamId)).toBe(0);
    expect(await db.oAuthGrant.findUniqueOrThrow({ where: { id: grant.grant_id } })).toMatchObject({
      status: "failed",
      errorCode: "redirect_uri_mismatch",
      connectionId: null,
    });
  });

  it("2b. the same bounce from an honest server that sends no iss: the path alone refuses it", async () => {
    const victim = await makeOwner();
    const { attacker, key } = await attackerWithProvider("evil-bounce-noiss", {
      authorization_url: `${evil.url}/authorize`,
      client_id: "evil-client",
    });
    evil.setOptions({
      mode: "bounce",
      bounce: {
        authorizationUrl: `${sandboxIssuer()}/auth`,
        clientId: SANDBOX_CLIENT_ID,
        redirectUri: GENERIC_CALLBACK,
        scope: "openid",
      },
    });
    const { bound } = await victimOpensAttackerLink(key, "evil-bounce-noiss", victim);
    const callback = await consentAtProvider(bound.location!, "victim-2b@example.test", GENERIC_CALLBACK);
    const victimCode = callback.searchParams.get("code")!;
    callback.searchParams.delete("iss"); // what a server without RFC 9207 sends

    refusedWith(await hitCallback(callback, bound.cookie), "redirect_uri_mismatch");
    expect(codesAtEvil()).not.toContain(victimCode);
    expect(evil.tokenRequests).toHaveLength(0);
    expect(await connectionCount(attacker.teamId)).toBe(0);
  });

  it("2c. an iss in the answer when the provider expects none is refused (issuer_mismatch), even on the provider's own path", async () => {
    const victim = await makeOwner();
    const { attacker, key, appId } = await attackerWithProvider("evil-iss", {
      authorization_url: `${evil.url}/authorize`,
      client_id: "evil-client",
    });
    evil.setOptions({ mode: "issue", iss: sandboxIssuer() });
    const { bound } = await victimOpensAttackerLink(key, "evil-iss", victim);
    const res = await fetch(bound.location!, { redirect: "manual" });
    const callback = new URL(res.headers.get("location")!);
    expect(callback.searchParams.get("iss")).toBe(sandboxIssuer());

    refusedWith(await hitCallback(callback, bound.cookie), "issuer_mismatch");
    expect(`${callback.origin}${callback.pathname}`).toBe(`${APP}/oauth/callback/${appId}`);
    expect(evil.tokenRequests).toHaveLength(0);
    expect(await connectionCount(attacker.teamId)).toBe(0);
  });

  it("2d. a grant's answer arriving on another provider's path is refused before any token request", async () => {
    const owner = await makeOwner();
    const { key } = await attackerWithProvider("evil-path", {
      authorization_url: `${evil.url}/authorize`,
      client_id: "evil-client",
    });
    const { bound } = await victimOpensAttackerLink(key, "evil-path", owner);
    const res = await fetch(bound.location!, { redirect: "manual" });
    const own = new URL(res.headers.get("location")!);
    const elsewhere = new URL(`${APP}/oauth/callback/notion${own.search}`);
    refusedWith(await hitCallback(elsewhere, bound.cookie), "redirect_uri_mismatch");
    expect(evil.tokenRequests).toHaveLength(0);
  });

  it("3. a stolen code redeemed through POST /api/v1/connections into the attacker's team is refused without reaching the provider", async () => {
    const { attacker, key } = await attackerWithProvider("evil-redeem", {
      authorization_url: `${evil.url}/authorize`,
      client_id: "evil-client",
    });
    const stolen = await victimCodeAtSandbox("victim-3@example.test");
    const exchanges = codeExchangesAtSandbox();
    const redeem = (bearer: string, c: { code: string; verifier: string }) =>
      call(connectionsRoute.POST, {
        method: "POST",
        bearer,
        body: {
          provider: "sandbox",
          credentials: {
            type: "authorization_code",
            code: c.code,
            redirect_uri: GENERIC_CALLBACK,
            code_verifier: c.verifier,
          },
        },
      });

    const res = await redeem(key, stolen);
    expect(res.status, res.text).toBe(403);
    expect(res.json.error).toMatchObject({
      code: "forbidden",
      message: expect.stringMatching(/own OAuth app/) as string,
    });
    expect(codeExchangesAtSandbox()).toBe(exchanges); // the code was never sent
    expect(await connectionCount(attacker.teamId)).toBe(0);

    // Only an instance superuser can allow a team to redeem codes issued to the instance's apps.
    await expect(setInstanceCodeRedemption(attacker.ctx, attacker.teamId, true)).rejects.toBeInstanceOf(
      AppError,
    );
    expect(await redeem(key, stolen).then((r) => r.status)).toBe(403);

    const trusted = await makeOwner();
    const trustedKey = (await makeApiKey(trusted, ["connections:write"])).key;
    const superuser = {
      ...trusted.ctx,
      actor: { ...trusted.ctx.actor, isSuperuser: true },
    } as typeof trusted.ctx;
    await setInstanceCodeRedemption(superuser, trusted.teamId, true);
    const allowed = await redeem(trustedKey, await victimCodeAtSandbox("partner-3@example.test"));
    expect(allowed.status, allowed.text).toBe(201);
    expect(await connectionCount(trusted.teamId)).toBe(1);
  });

  it("4. instance-level OAuth apps never serve a slug outside the catalog (a custom provider's)", async () => {
    const team = await makeOwner();
    const id = `app_${crypto.randomBytes(12).toString("base64url")}`;
    await db.oAuthApp.create({
      data: {
        id,
        teamId: null,
        providerSlug: "not-in-the-catalog",
        clientId: "instance-client",
        clientSecretSealed: seal("instance-secret", aadFor("OAuthApp", id, "clientSecret")),
      },
    });
    expect(await resolveOAuthApp(team.teamId, "not-in-the-catalog")).toBeNull();
    await db.oAuthApp.delete({ where: { id } });
  });
});

describe("state-changing GET (finding 6)", () => {
  it("5. GET /connect/{provider}/authorize refuses the session cookie (401, error shape, no grant) and 302s for an API key", async () => {
    const owner = await makeOwner();
    const path = `/api/v1/connect/sandbox/authorize?return_to=${encodeURIComponent(`${APP}/back`)}`;
    const withCookie = await call(authorizeRoute.GET, {
      cookie: owner.cookie,
      params: { provider: "sandbox" },
      path,
    });
    expect(withCookie.status).toBe(401);
    expect(withCookie.headers.get("location")).toBeNull();
    expect(withCookie.json.error).toMatchObject({
      code: "unauthorized",
      message: expect.any(String) as string,
    });
    expect(await db.oAuthGrant.count({ where: { teamId: owner.teamId } })).toBe(0);

    const key = (await makeApiKey(owner, ["connections:write"])).key;
    const withKey = await call(authorizeRoute.GET, { bearer: key, params: { provider: "sandbox" }, path });
    expect(withKey.status).toBe(302);
    expect(withKey.headers.get("location")).toMatch(/\/oauth\/authorize\/grant_/);
    expect(await db.oAuthGrant.count({ where: { teamId: owner.teamId } })).toBe(1);
  });
});
