// Issue 7, findings B, 5 and D, against the real oidc-provider configured as a team's CUSTOM provider (by
// discovery, the way a team adds its own IdP):
//  B — an OIDC server drops offline_access unless the request carries prompt=consent (OIDC Core §11), so without
//      it no refresh token comes back and the connection dies with its first access token. Patchbay now asks for
//      consent, a refresh token arrives and a later refresh works; a provider that still withholds it leaves a
//      warning on the grant status, the connection and the log. Extra authorization parameters, the token
//      endpoint auth method and a revocation URL are declared per provider and validated.
//  5 — /oauth/authorize/<grant> for a custom provider answers a "you are leaving Patchbay for <host>" page instead
//      of a 302 to whatever URL a team typed; its Continue (a same-origin POST of the one-time bind token) binds
//      once and goes on. Catalog providers still go straight through. Endpoints must be https:// unless the
//      dev/test private-targets switch is on.
//  D — the https error says how to allow a local provider in development (PATCHBAY_OUTBOUND_ALLOW_PRIVATE).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as authorizeRoute from "@/app/oauth/authorize/[grantId]/route";
import * as connectionRoute from "@/app/api/v1/connections/[id]/route";
import * as grantRoute from "@/app/api/v1/connect/grants/[grantId]/route";
import * as providersRoute from "@/app/api/v1/providers/route";
import * as refreshRoute from "@/app/api/v1/connections/[id]/refresh/route";
import * as testRoute from "@/app/api/v1/connections/[id]/test/route";
import { findConnectionWithSecret } from "@/lib/connections/repo";
import { openCredentials } from "@/lib/connections/credentials";
import { setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import { startOAuthServer, type OAuthServer } from "@/e2e/fixtures/oauth-test-server";
import { consentAtProvider } from "../cookie-jar";
import { hitCallback, messageOf, openBindUrl, startFlow } from "../connect-flow";
import { makeOwner, type TTestUser } from "../factories";
import { call } from "../http";

const APP = "http://localhost:3999";
const CALLBACK = `${APP}/oauth/callback`;
let idp: OAuthServer;

beforeAll(async () => {
  idp = await startOAuthServer({
    clients: [{ clientId: "oidc-client", clientSecret: "oidc-secret-value-456", redirectUris: [CALLBACK] }],
  });
});
afterAll(() => idp.close());
afterEach(() => setOutboundPolicyForTests(undefined));

const body = (slug: string, extra: Record<string, unknown> = {}) => ({
  slug,
  name: "Acme OIDC",
  issuer: idp.issuer,
  api_base_url: idp.issuer,
  scopes: ["openid", "email", "offline_access"],
  client_id: "oidc-client",
  client_secret: "oidc-secret-value-456",
  ...extra,
});

async function addProvider(owner: TTestUser, slug: string, extra: Record<string, unknown> = {}) {
  const res = await call(providersRoute.POST, {
    method: "POST",
    cookie: owner.cookie,
    body: body(slug, extra),
  });
  expect(res.status, res.text).toBe(201);
}

/** Start → interstitial → Continue → sign in and consent at the IdP → callback. */
async function connect(owner: TTestUser, slug: string, login: string) {
  const grant = await startFlow({ cookie: owner.cookie }, slug, { mode: "popup" });
  const bound = await openBindUrl(grant.authorization_url, owner.cookie);
  expect(bound.status).toBe(303);
  const providerUrl = new URL(bound.location!);
  const callback = await consentAtProvider(providerUrl.toString(), login, CALLBACK);
  const page = await hitCallback(callback, bound.cookie);
  const message = messageOf(page.text);
  expect(message).toMatchObject({ status: "connected" });
  const status = await call(grantRoute.GET, { cookie: owner.cookie, params: { grantId: grant.grant_id } });
  expect(status.status).toBe(200);
  return { providerUrl, connectionId: message!.connection_id!, status: status.json };
}

async function refreshToken(teamId: string, connectionId: string) {
  const row = await findConnectionWithSecret(teamId, connectionId);
  const creds = openCredentials(connectionId, row!.credentialsSealed!);
  return creds.type === "oauth2" ? creds.refresh_token : undefined;
}

describe("B: custom OIDC providers get a refresh token", () => {
  it("B1 sends prompt=consent with offline_access; a refresh token arrives and a later refresh works", async () => {
    setOutboundPolicyForTests({ allowPrivate: true }); // the IdP is on loopback
    const owner = await makeOwner();
    await addProvider(owner, "acme-oidc");
    const { providerUrl, connectionId, status } = await connect(owner, "acme-oidc", "rt@example.test");
    expect(providerUrl.searchParams.get("prompt")).toBe("consent");
    expect(providerUrl.searchParams.get("scope")).toBe("openid email offline_access");
    expect(status).toMatchObject({ status: "connected", warning: null });
    expect(await refreshToken(owner.teamId, connectionId)).toBeTruthy();

    const before = idp.tokenCount("refresh_token");
    const refreshed = await call(refreshRoute.POST, {
      method: "POST",
      cookie: owner.cookie,
      params: { id: connectionId },
    });
    expect(refreshed.status, refreshed.text).toBe(200);
    expect(refreshed.json).toMatchObject({ status: "connected", warning: null });
    expect(idp.tokenCount("refresh_token")).toBe(before + 1);
    expect(
      idp.events.filter((e) => e.type === "token" && e.grantType === "refresh_token" && e.ok).length,
    ).toBeGreaterThanOrEqual(1);
  });

  it("B2 a provider that withholds the refresh token leaves a warning on the grant and the connection", async () => {
    setOutboundPolicyForTests({ allowPrivate: true });
    const owner = await makeOwner();
    // The entry says "no consent prompt": oidc-provider then drops offline_access, as OIDC Core §11 allows.
    await addProvider(owner, "stingy-oidc", { offline_access_consent: false });
    const { providerUrl, connectionId, status } = await connect(owner, "stingy-oidc", "stingy@example.test");
    expect(providerUrl.searchParams.get("prompt")).toBeNull();
    expect(await refreshToken(owner.teamId, connectionId)).toBeUndefined();
    const grantStatus = status as { status: string; warning: { code: string; description: string } | null };
    expect(grantStatus.status).toBe("connected");
    expect(grantStatus.warning?.code).toBe("no_refresh_token");
    expect(grantStatus.warning?.description).toMatch(/returned no refresh token/);
    const conn = await call(connectionRoute.GET, { cookie: owner.cookie, params: { id: connectionId } });
    const view = conn.json as { status: string; warning: { code: string; message: string } | null };
    expect(view.status).toBe("connected");
    expect(view.warning?.code).toBe("no_refresh_token");
    expect(view.warning?.message).toMatch(/offline_access was requested/);
    // "Test connection" says so too.
    const tested = await call(testRoute.POST, {
      method: "POST",
      cookie: owner.cookie,
      params: { id: connectionId },
    });
    expect((tested.json as { warning: { code: string } | null }).warning?.code).toBe("no_refresh_token");
  });

  it("B3 issues_refresh_token: a missing refresh token is a warning even without offline_access", async () => {
    setOutboundPolicyForTests({ allowPrivate: true });
    const owner = await makeOwner();
    await addProvider(owner, "promised-rt", { scopes: ["openid", "email"], issues_refresh_token: true });
    const { status } = await connect(owner, "promised-rt", "promised@example.test");
    const warning = (status as { warning: { code: string; description: string } | null }).warning;
    expect(warning?.code).toBe("no_refresh_token");
    expect(warning?.description).toMatch(/set up as issuing them/);
  });

  it("B4 extra authorization params, token endpoint auth and revocation URL are declared and validated", async () => {
    setOutboundPolicyForTests({ allowPrivate: true });
    const owner = await makeOwner();
    const post = (extra: Record<string, unknown>, slug = "extras-idp") =>
      call(providersRoute.POST, { method: "POST", cookie: owner.cookie, body: body(slug, extra) });

    const reserved = await post({ extra_authorization_params: { state: "x", "bad key": "y" } });
    expect(reserved.status).toBe(422);
    expect(JSON.stringify(reserved.json.error!.details)).toContain("body.extra_authorization_params");
    expect(JSON.stringify(reserved.json.error!.details)).toContain('\\"state\\" is set by Patchbay itself');
    expect(JSON.stringify(reserved.json.error!.details)).toContain("bad key");
    expect((await post({ token_endpoint_auth: "private_key_jwt" })).status).toBe(422);
    expect((await post({ extra_authorization_params: "audience=x" })).status).toBe(422);
    expect((await post({ revocation_url: "ftp://idp.example/revoke" })).status).toBe(422);

    const ok = await post({
      extra_authorization_params: { audience: "https://api.acme.test", prompt: "consent login" },
      token_endpoint_auth: "client_secret_post",
      revocation_url: `${idp.issuer}/token/revocation`,
    });
    expect(ok.status, ok.text).toBe(201);
    const { findCustomProvider } = await import("@/lib/providers/custom-apps");
    const p = await findCustomProvider(owner.teamId, "extras-idp");
    expect(p?.oauth2).toMatchObject({
      tokenEndpointAuth: "client_secret_post",
      revocationUrl: `${idp.issuer}/token/revocation`,
      extraAuthorizationParams: { audience: "https://api.acme.test", prompt: "consent login" },
    });
    const grant = await startFlow({ cookie: owner.cookie }, "extras-idp", { mode: "popup" });
    const bound = await openBindUrl(grant.authorization_url, owner.cookie);
    const url = new URL(bound.location!);
    expect(url.searchParams.get("audience")).toBe("https://api.acme.test");
    expect(url.searchParams.get("prompt")).toBe("consent login"); // the entry's own prompt wins
  });
});

describe("5: leaving Patchbay for a custom provider", () => {
  const get = (grantUrl: string, cookie: string) => {
    const url = new URL(grantUrl);
    const grantId = url.pathname.split("/").pop()!;
    return authorizeRoute.GET(new Request(url, { headers: { cookie } }), {
      params: Promise.resolve({ grantId }),
    });
  };
  const post = (grantUrl: string, cookie: string, t: string, origin: string, site?: string) => {
    const url = new URL(grantUrl);
    const grantId = url.pathname.split("/").pop()!;
    return authorizeRoute.POST(
      new Request(`${url.origin}${url.pathname}`, {
        method: "POST",
        headers: {
          cookie,
          origin,
          "content-type": "application/x-www-form-urlencoded",
          ...(site ? { "sec-fetch-site": site } : {}),
        },
        body: new URLSearchParams({ t }).toString(),
      }),
      { params: Promise.resolve({ grantId }) },
    );
  };

  it("5a answers an interstitial naming the host and team; Continue binds once and reaches the provider", async () => {
    setOutboundPolicyForTests({ allowPrivate: true });
    const owner = await makeOwner();
    await addProvider(owner, "leave-idp");
    const grant = await startFlow({ cookie: owner.cookie }, "leave-idp", { mode: "popup" });
    const t = new URL(grant.authorization_url).searchParams.get("t")!;
    const idpHost = new URL(idp.issuer).host;

    const page = await get(grant.authorization_url, owner.cookie);
    expect(page.status).toBe(200);
    expect(page.headers.get("location")).toBeNull();
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    const html = await page.text();
    expect(html).toContain(
      `You are leaving Patchbay for <span class="host" data-testid="leaving-host">${idpHost}`,
    );
    expect(html).toContain("Acme OIDC");
    expect(html).toContain(`Team ${owner.email}`);
    expect(html).not.toContain("oidc-secret-value-456");
    expect(html).not.toContain("state=");
    // Nothing was consumed: opening it again shows the page again.
    expect((await get(grant.authorization_url, owner.cookie)).status).toBe(200);

    // A cross-site form cannot skip the page.
    expect((await post(grant.authorization_url, owner.cookie, t, "https://evil.example")).status).toBe(403);
    expect((await post(grant.authorization_url, owner.cookie, t, APP, "cross-site")).status).toBe(403);
    expect((await post(grant.authorization_url, owner.cookie, "wrong-token", APP)).status).toBe(404);

    const go = await post(grant.authorization_url, owner.cookie, t, APP);
    expect(go.status).toBe(303);
    const location = new URL(go.headers.get("location")!);
    expect(location.origin).toBe(new URL(idp.issuer).origin);
    expect(location.searchParams.get("state")).toBeTruthy();
    expect(go.headers.get("set-cookie")).toContain("HttpOnly");
    // Single use: a second Continue, or the GET, is refused.
    expect((await post(grant.authorization_url, owner.cookie, t, APP)).status).toBe(410);
    expect((await get(grant.authorization_url, owner.cookie)).status).toBe(410);

    // … and the bound browser finishes the flow normally.
    const bound = `${owner.cookie}; ${go.headers.get("set-cookie")!.split(";")[0]}`;
    const callback = await consentAtProvider(location.toString(), "leave@example.test", CALLBACK);
    expect(messageOf((await hitCallback(callback, bound)).text)).toMatchObject({ status: "connected" });
  });

  it("5b another browser session cannot open the interstitial of a dashboard grant", async () => {
    setOutboundPolicyForTests({ allowPrivate: true });
    const owner = await makeOwner();
    await addProvider(owner, "session-idp");
    const grant = await startFlow({ cookie: owner.cookie }, "session-idp", { mode: "popup" });
    const other = await makeOwner();
    expect((await get(grant.authorization_url, other.cookie)).status).toBe(403);
  });

  it("5c catalog providers still go straight through with a 302", async () => {
    const owner = await makeOwner();
    const { configureOAuthApp } = await import("@/lib/providers/configure-app");
    await configureOAuthApp(owner.ctx, "github", {
      level: "team",
      client_id: "gh-client",
      client_secret: "gh-secret",
      settings: {},
    });
    const grant = await startFlow({ cookie: owner.cookie }, "github", { mode: "popup" });
    const res = await get(grant.authorization_url, owner.cookie);
    expect(res.status).toBe(302);
    expect(new URL(res.headers.get("location")!).host).toBe("github.com");
  });

  it("5d a stored http:// endpoint is not used once private targets are switched off", async () => {
    setOutboundPolicyForTests({ allowPrivate: true });
    const owner = await makeOwner();
    await addProvider(owner, "was-local-idp");
    const grant = await startFlow({ cookie: owner.cookie }, "was-local-idp", { mode: "popup" });
    setOutboundPolicyForTests({ allowPrivate: false });
    const res = await get(grant.authorization_url, owner.cookie);
    expect(res.status).toBe(409);
    expect(res.headers.get("location")).toBeNull();
  });
});

describe("D: the https rule says how to allow a local provider", () => {
  it("D1 http:// endpoints are refused with a message naming PATCHBAY_OUTBOUND_ALLOW_PRIVATE", async () => {
    setOutboundPolicyForTests({ allowPrivate: false });
    const owner = await makeOwner();
    const res = await call(providersRoute.POST, {
      method: "POST",
      cookie: owner.cookie,
      body: body("local-idp", {
        issuer: undefined,
        authorization_url: "http://127.0.0.1:9/auth",
        token_url: "https://idp.example/token",
        api_base_url: "https://api.example",
      }),
    });
    expect(res.status).toBe(422);
    expect(res.json.error!.message).toMatch(/^Provider endpoints must use https:\/\/\./);
    expect(res.json.error!.message).toContain("PATCHBAY_OUTBOUND_ALLOW_PRIVATE=true");
    expect((res.json.error!.details as { issues: unknown[] }).issues).toEqual([
      expect.objectContaining({ path: "body.authorization_url", message: "must be an https:// URL" }),
    ]);
  });

  it("D2 an https issuer on a private address names the same switch", async () => {
    setOutboundPolicyForTests({ allowPrivate: false });
    const owner = await makeOwner();
    const res = await call(providersRoute.POST, {
      method: "POST",
      cookie: owner.cookie,
      body: body("private-idp", { issuer: "https://127.0.0.1:9", api_base_url: "https://api.example" }),
    });
    expect(res.status).toBe(422);
    expect(res.json.error!.message).toContain("PATCHBAY_OUTBOUND_ALLOW_PRIVATE=true");
  });
});
