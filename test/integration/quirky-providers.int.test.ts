// Providers that bend RFC 6749, connected end to end through our route handlers against local fakes that speak
// each provider's real wire format. The real provider hostnames stay in every URL; the outbound host map sends
// our server's calls to the fakes, and the "browser" here follows the same map to reach the consent screen.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as connectionsRoute from "@/app/api/v1/connections/route";
import * as grantRoute from "@/app/api/v1/connect/grants/[grantId]/route";
import {
  followAuthorize,
  parseBasicAuth,
  pkceChallengeS256,
  signShopifyQuery,
  startFakeMeta,
  startFakeNotion,
  startFakeSalesforce,
  startFakeShopify,
  startFakeSlack,
  type FakeHandle,
} from "@/e2e/fixtures/fake-providers";
import { refreshConnection } from "@/lib/connections/refresh-connection";
import * as testRoute from "@/app/api/v1/connections/[id]/test/route";
import { openCredentials } from "@/lib/connections/credentials";
import { db } from "@/lib/db";
import { configureOAuthApp } from "@/lib/providers/configure-app";
import { setOutboundHostMapForTests, setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import { mapOutboundUrl } from "@/lib/outbound/host-map";
import { hitCallback, messageOf, openBindUrl, startFlow } from "../connect-flow";
import { makeApiKey, makeOwner, type TTestUser } from "../factories";
import { call } from "../http";

const CALLBACK = "http://localhost:3999/oauth/callback";
const CLIENT_ID = "patchbay-test-client";
const CLIENT_SECRET = "patchbay-test-secret-0123456789";
const DAY_MS = 86_400_000;

let fakes: FakeHandle[] = [];

/** Keeps a fake for this test only; it is closed in afterEach. */
async function fake<T extends FakeHandle>(started: Promise<T>): Promise<T> {
  const f = await started;
  fakes.push(f);
  return f;
}

/** Routes these provider hosts to fakes on 127.0.0.1 (which the outbound guard must then be allowed to reach). */
function routeHosts(map: Record<string, string>) {
  setOutboundHostMapForTests(map);
  setOutboundPolicyForTests({ allowPrivate: true });
}

afterEach(async () => {
  setOutboundHostMapForTests(undefined);
  setOutboundPolicyForTests(undefined);
  await Promise.all(fakes.map((f) => f.close()));
  fakes = [];
});

async function ownerWithApp(provider: string) {
  const owner = await makeOwner();
  await configureOAuthApp(owner.ctx, provider, {
    level: "team",
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    settings: {},
  });
  return owner;
}

/**
 * Starts a flow, opens the bind link as the owner's browser, and has the user approve at the fake — reached at the
 * provider URL our bind route redirected to, rerouted by the same host map. Returns our callback URL as the
 * provider redirected to it.
 */
async function consentAtFake(owner: TTestUser, provider: string, body: Record<string, unknown> = {}) {
  const grant = await startFlow({ cookie: owner.cookie }, provider, body);
  const bound = await openBindUrl(grant.authorization_url, owner.cookie);
  expect(bound.status, bound.text).toBe(302);
  const providerUrl = new URL(bound.location!);
  const atFake = mapOutboundUrl(providerUrl);
  if (!atFake) throw new Error(`no fake is mapped for ${providerUrl.host}`);
  const callback = await followAuthorize(atFake.toString());
  // These providers send no RFC 9207 iss: each has its own redirect URI (lib/oauth/redirect-uri.ts).
  expect(`${callback.origin}${callback.pathname}`).toBe(`${CALLBACK}/${provider}`);
  return { grant, bound, providerUrl, callback };
}

async function finish(callback: URL, cookie: string) {
  const page = await hitCallback(callback, cookie);
  const msg = messageOf(page.text);
  if (!msg) throw new Error(`callback page carries no message: ${page.status} ${page.text.slice(0, 300)}`);
  return msg;
}

const connectionCount = (teamId: string) => db.connection.count({ where: { teamId } });

async function storedConnection(id: string) {
  const row = await db.connection.findUniqueOrThrow({ where: { id }, omit: { credentialsSealed: false } });
  const creds = openCredentials(row.id, row.credentialsSealed!);
  if (creds.type !== "oauth2") throw new Error(`expected oauth2 credentials, got ${creds.type}`);
  return { row, creds };
}

async function grantStatus(owner: TTestUser, grantId: string) {
  const res = await call(grantRoute.GET, { cookie: owner.cookie, params: { grantId } });
  return res.json;
}

describe("Shopify: per-shop host and HMAC-signed callback", () => {
  const SHOP = "demo-shop.myshopify.com";
  let shopify: Awaited<ReturnType<typeof startFakeShopify>>;

  beforeEach(async () => {
    shopify = await fake(startFakeShopify({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, shop: SHOP }));
    // Only this shop's host: a flow that talked to any other host would not reach the fake.
    routeHosts({ [SHOP]: shopify.url });
  });

  it("authorizes at the shop's own host, accepts the signed callback and stores params.shop", async () => {
    const owner = await ownerWithApp("shopify");
    const { providerUrl, callback, bound } = await consentAtFake(owner, "shopify", {
      params: { shop: SHOP },
    });
    expect(providerUrl.origin + providerUrl.pathname).toBe(`https://${SHOP}/admin/oauth/authorize`);
    expect(callback.searchParams.get("hmac")).toMatch(/^[0-9a-f]{64}$/);
    expect(callback.searchParams.get("shop")).toBe(SHOP);

    const msg = await finish(callback, bound.cookie);
    expect(msg, JSON.stringify(msg.error)).toMatchObject({ status: "connected" });

    const tokenCalls = shopify.requestsTo("/admin/oauth/access_token", "POST");
    expect(tokenCalls).toHaveLength(1);
    // The guard names the host the request was meant for when it reroutes it.
    expect(tokenCalls[0]!.headers["x-patchbay-original-host"]).toBe(SHOP);
    expect(new URLSearchParams(tokenCalls[0]!.body).get("code")).toBe(callback.searchParams.get("code"));

    const { row, creds } = await storedConnection(msg.connection_id!);
    expect(row).toMatchObject({ providerSlug: "shopify", teamId: owner.teamId, tokenExpiresAt: null });
    expect(row.params).toMatchObject({ shop: SHOP });
    expect(creds.access_token).toMatch(/^shpat_/);
    // the stored token is one the shop really issued
    const shop = await fetch(`${shopify.url}/admin/api/2025-07/shop.json`, {
      headers: { "x-shopify-access-token": creds.access_token },
    });
    expect(shop.status).toBe(200);
  });

  it.each([
    {
      tamper: "re-signed with another secret",
      edit: (q: URLSearchParams) => q.set("hmac", signShopifyQuery(q, "not-the-app-secret")),
    },
    {
      tamper: "a signed parameter changed",
      edit: (q: URLSearchParams) => q.set("timestamp", String(Number(q.get("timestamp")) + 1)),
    },
  ])("rejects a callback $tamper: invalid_callback, no token request, no connection", async ({ edit }) => {
    const owner = await ownerWithApp("shopify");
    const { grant, callback, bound } = await consentAtFake(owner, "shopify", { params: { shop: SHOP } });
    const before = await connectionCount(owner.teamId);
    const original = callback.searchParams.get("hmac");
    edit(callback.searchParams);
    expect(callback.searchParams.get("code")).toBeTruthy();

    const msg = await finish(callback, bound.cookie);
    expect(msg).toMatchObject({ status: "failed", connection_id: null, error: { code: "invalid_callback" } });
    expect(msg.error!.description).toMatch(/signature/);
    expect(await grantStatus(owner, grant.grant_id)).toMatchObject({
      status: "failed",
      error: { code: "invalid_callback" },
    });
    expect(shopify.requestsTo("/admin/oauth/access_token")).toHaveLength(0);
    expect(await connectionCount(owner.teamId)).toBe(before);
    expect(original).toMatch(/^[0-9a-f]{64}$/);
  });

  it("rejects a correctly signed callback for a different shop than the flow started for", async () => {
    const owner = await ownerWithApp("shopify");
    const { grant, callback, bound } = await consentAtFake(owner, "shopify", { params: { shop: SHOP } });
    const before = await connectionCount(owner.teamId);
    callback.searchParams.set("shop", "attacker-shop.myshopify.com");
    // signed with the app's real secret, as Shopify would sign an install on the attacker's own shop
    callback.searchParams.set("hmac", shopify.signQuery(callback.searchParams));

    const msg = await finish(callback, bound.cookie);
    expect(msg).toMatchObject({ status: "failed", connection_id: null, error: { code: "invalid_callback" } });
    expect(msg.error!.description).toMatch(/different shop/);
    expect(await grantStatus(owner, grant.grant_id)).toMatchObject({ status: "failed" });
    expect(shopify.requestsTo("/admin/oauth/access_token")).toHaveLength(0);
    expect(await connectionCount(owner.teamId)).toBe(before);
  });
});

describe("Slack: oauth.v2.access answers HTTP 200 for success and failure", () => {
  let slack: Awaited<ReturnType<typeof startFakeSlack>>;

  beforeEach(async () => {
    slack = await fake(startFakeSlack({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }));
    routeHosts({ "slack.com": slack.url });
  });

  const authTest = async (token: string) => {
    const res = await fetch(`${slack.url}/api/auth.test`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    });
    return (await res.json()) as { ok: boolean; user_id?: string };
  };

  it("stores the bot token as the access token and the user token sealed in extra; team in metadata", async () => {
    const owner = await ownerWithApp("slack");
    const { providerUrl, callback, bound } = await consentAtFake(owner, "slack");
    expect(providerUrl.origin + providerUrl.pathname).toBe("https://slack.com/oauth/v2/authorize");

    const msg = await finish(callback, bound.cookie);
    expect(msg, JSON.stringify(msg.error)).toMatchObject({ status: "connected" });
    expect(slack.requestsTo("/api/oauth.v2.access", "POST")).toHaveLength(1);

    const { row, creds } = await storedConnection(msg.connection_id!);
    const userToken = creds.extra.user_access_token;
    expect(creds.access_token).toMatch(/^xoxb-/);
    expect(userToken).toMatch(/^xoxp-/);
    // each token is the one Slack minted for that party
    expect(await authTest(creds.access_token)).toMatchObject({ ok: true, user_id: slack.ids.botUserId });
    expect(await authTest(userToken!)).toMatchObject({ ok: true, user_id: slack.ids.authedUserId });
    expect(row.credentialsSealed).not.toContain(userToken);
    expect(JSON.stringify([row.metadata, row.params, row.accountIdentity])).not.toContain(userToken);
    expect(row.metadata).toMatchObject({
      team: { id: slack.ids.teamId, name: slack.ids.teamName },
      bot_user_id: slack.ids.botUserId,
      authed_user_id: slack.ids.authedUserId,
    });
    expect(row.accountIdentity).toMatchObject({ id: slack.ids.teamId });
  });

  it("fails the grant with Slack's own code on { ok: false, error: 'invalid_code' } and stores nothing", async () => {
    const owner = await ownerWithApp("slack");
    const { grant, callback, bound } = await consentAtFake(owner, "slack");
    const before = await connectionCount(owner.teamId);
    slack.expireCodes(); // the user took too long: Slack still answers 200, with ok:false

    const msg = await finish(callback, bound.cookie);
    expect(msg).toMatchObject({ status: "failed", connection_id: null, error: { code: "invalid_code" } });
    expect(slack.requestsTo("/api/oauth.v2.access", "POST")).toHaveLength(1);
    expect(await grantStatus(owner, grant.grant_id)).toMatchObject({
      status: "failed",
      connection_id: null,
      error: { code: "invalid_code" },
    });
    expect(await connectionCount(owner.teamId)).toBe(before);
  });
});

describe("Meta: the short-lived token is swapped for a long-lived one", () => {
  it("stores the 60-day token from the fb_exchange_token call, not the code's short-lived one", async () => {
    const meta = await fake(startFakeMeta({ appId: CLIENT_ID, appSecret: CLIENT_SECRET }));
    routeHosts({ "www.facebook.com": meta.url, "graph.facebook.com": meta.url });
    const owner = await ownerWithApp("meta-ads");
    const { providerUrl, callback, bound } = await consentAtFake(owner, "meta-ads");
    expect(providerUrl.origin + providerUrl.pathname).toBe("https://www.facebook.com/v21.0/dialog/oauth");
    expect(callback.hash).toBe("#_=_");

    const msg = await finish(callback, bound.cookie);
    expect(msg, JSON.stringify(msg.error)).toMatchObject({ status: "connected" });

    const tokenCalls = meta.requestsTo("/v21.0/oauth/access_token");
    expect(tokenCalls).toHaveLength(2);
    const [codeCall, exchange] = tokenCalls;
    expect(codeCall!.headers["x-patchbay-original-host"]).toBe("graph.facebook.com");
    expect(new URLSearchParams(codeCall!.body).get("code")).toBe(callback.searchParams.get("code"));
    expect(exchange).toMatchObject({
      method: "GET",
      query: { grant_type: "fb_exchange_token", client_id: CLIENT_ID },
    });
    const shortLived = exchange!.query.fb_exchange_token;
    expect(shortLived).toMatch(/^EAA/);

    const { row, creds } = await storedConnection(msg.connection_id!);
    expect(creds.access_token).not.toBe(shortLived);
    const debug = async (token: string) => {
      const url = new URL(`${meta.url}/v21.0/debug_token`);
      url.search = new URLSearchParams({
        input_token: token,
        access_token: `${CLIENT_ID}|${CLIENT_SECRET}`,
      }).toString();
      return ((await (await fetch(url)).json()) as { data: { is_valid: boolean; expires_at: number } }).data;
    };
    const stored = await debug(creds.access_token);
    const short = await debug(shortLived!);
    expect(stored.is_valid).toBe(true);
    // what the fake issued for the stored token is the 60-day lifetime, the code's token only ~1.4 h
    expect(stored.expires_at * 1000 - Date.now()).toBeGreaterThan(59 * DAY_MS);
    expect(short.expires_at * 1000 - Date.now()).toBeLessThan(DAY_MS);

    expect(row.tokenExpiresAt).not.toBeNull();
    expect(Math.abs(row.tokenExpiresAt!.getTime() - (Date.now() + 60 * DAY_MS))).toBeLessThan(60_000);
    expect(row.metadata).toMatchObject({ long_lived: true });
    expect(creds.refresh_token).toBeUndefined();

    // No refresh token at Meta: before expiry the still-valid long-lived token is exchanged again.
    const out = await refreshConnection(owner.teamId, msg.connection_id!, { force: true });
    expect(out.refreshed).toBe(true);
    const again = meta.requestsTo("/v21.0/oauth/access_token");
    expect(again).toHaveLength(3);
    expect(again[2]!.query).toMatchObject({
      grant_type: "fb_exchange_token",
      fb_exchange_token: creds.access_token,
    });
    const after = await storedConnection(msg.connection_id!);
    expect(after.creds.access_token).not.toBe(creds.access_token);
    expect((await debug(after.creds.access_token)).is_valid).toBe(true);
  });
});

describe("Notion: HTTP Basic client auth with a JSON body; workspace as the account", () => {
  it("sends the code as JSON with Basic credentials and captures the workspace", async () => {
    const notion = await fake(
      startFakeNotion({
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        workspace: { name: "Quirky Workspace" },
        owner: { email: "owner@quirky.example" },
      }),
    );
    routeHosts({ "api.notion.com": notion.url });
    const owner = await ownerWithApp("notion");
    const { providerUrl, callback, bound } = await consentAtFake(owner, "notion");
    expect(providerUrl.origin + providerUrl.pathname).toBe("https://api.notion.com/v1/oauth/authorize");
    expect(providerUrl.searchParams.get("owner")).toBe("user");

    const msg = await finish(callback, bound.cookie);
    expect(msg, JSON.stringify(msg.error)).toMatchObject({ status: "connected" });

    const tokenCalls = notion.requestsTo("/v1/oauth/token", "POST");
    expect(tokenCalls).toHaveLength(1);
    const req = tokenCalls[0]!;
    expect(parseBasicAuth(req.headers.authorization)).toEqual({
      username: CLIENT_ID,
      password: CLIENT_SECRET,
    });
    expect(req.headers["content-type"]).toMatch(/^application\/json/);
    const body = JSON.parse(req.body) as Record<string, unknown>;
    expect(body).toEqual({
      grant_type: "authorization_code",
      code: callback.searchParams.get("code"),
      redirect_uri: `${CALLBACK}/notion`,
    });

    const { row, creds } = await storedConnection(msg.connection_id!);
    expect(creds.access_token).toMatch(/^ntn_/);
    expect(creds.refresh_token).toMatch(/^nrt_/);
    expect(row.metadata).toEqual({
      workspace_id: notion.install.workspaceId,
      workspace_name: "Quirky Workspace",
      workspace_icon: notion.install.workspaceIcon,
      bot_id: notion.install.botId,
    });
    expect(row.accountIdentity).toEqual({
      id: notion.install.workspaceId,
      name: "Quirky Workspace",
      email: "owner@quirky.example",
    });
  });
});

describe("Salesforce: instance_url, no expires_in, PKCE", () => {
  const INSTANCE = "https://quirky-dev-ed.my.salesforce.com";
  let salesforce: Awaited<ReturnType<typeof startFakeSalesforce>>;

  beforeEach(async () => {
    salesforce = await fake(
      startFakeSalesforce({
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        instanceUrl: INSTANCE,
        requirePkce: true,
      }),
    );
    // login.salesforce.com serves authorize, token and the identity URL; the org's instance host serves its API.
    routeHosts({ "login.salesforce.com": salesforce.url, "quirky-dev-ed.my.salesforce.com": salesforce.url });
  });

  it("captures instance_url into params, leaves token_expires_at null, and proves the PKCE verifier", async () => {
    const owner = await ownerWithApp("salesforce");
    const { providerUrl, callback, bound } = await consentAtFake(owner, "salesforce");
    expect(providerUrl.origin + providerUrl.pathname).toBe(
      "https://login.salesforce.com/services/oauth2/authorize",
    );
    expect(providerUrl.searchParams.get("code_challenge_method")).toBe("S256");

    const msg = await finish(callback, bound.cookie);
    expect(msg, JSON.stringify(msg.error)).toMatchObject({ status: "connected" });

    const tokenCalls = salesforce.requestsTo("/services/oauth2/token", "POST");
    expect(tokenCalls).toHaveLength(1);
    const sent = new URLSearchParams(tokenCalls[0]!.body);
    const verifier = sent.get("code_verifier");
    expect(verifier).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);
    expect(pkceChallengeS256(verifier!)).toBe(providerUrl.searchParams.get("code_challenge"));

    const { row, creds } = await storedConnection(msg.connection_id!);
    expect(row.params).toMatchObject({ instance_url: salesforce.instanceUrl });
    expect(salesforce.instanceUrl).toBe(INSTANCE);
    expect(row.tokenExpiresAt).toBeNull();
    expect(creds.refresh_token).toMatch(/^5Aep861/);
    // the identity hook followed the token's identity URL
    expect(row.metadata).toMatchObject({
      organization_id: salesforce.orgId,
      identity_url: salesforce.identityUrl,
    });
    expect(row.accountIdentity).toMatchObject({ id: salesforce.userId });

    // Test connection fills {instance_url} from the stored token-derived value
    const tested = await call(testRoute.POST, {
      method: "POST",
      cookie: owner.cookie,
      params: { id: row.id },
    });
    expect(tested.status, tested.text).toBe(200);
    expect(tested.json, tested.text).toMatchObject({ ok: true, status: "connected" });
  });

  it("POST /api/v1/connections with a refresh token: 201, connection stored with the org's instance_url", async () => {
    const owner = await ownerWithApp("salesforce");
    const key = await makeApiKey(owner, ["connections:read", "connections:write"]);
    const refreshToken = salesforce.mintRefreshToken();

    const res = await call(connectionsRoute.POST, {
      method: "POST",
      bearer: key.key,
      body: { provider: "salesforce", credentials: { type: "refresh_token", refresh_token: refreshToken } },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({
      provider: "salesforce",
      status: "connected",
      params: { instance_url: INSTANCE },
      token_expires_at: null,
    });
    expect(res.text).not.toContain(refreshToken);
    const refreshCalls = salesforce.requestsTo("/services/oauth2/token", "POST");
    expect(refreshCalls).toHaveLength(1);
    expect(new URLSearchParams(refreshCalls[0]!.body).get("grant_type")).toBe("refresh_token");

    const { row, creds } = await storedConnection(res.json.id as string);
    expect(row.teamId).toBe(owner.teamId);
    // Salesforce's refresh response carries no refresh token: the one we were given is kept
    expect(creds.refresh_token).toBe(refreshToken);
    const userinfo = await fetch(`${salesforce.url}/services/oauth2/userinfo`, {
      headers: { authorization: `Bearer ${creds.access_token}` },
    });
    expect(userinfo.status).toBe(200);
  });

  it("POST /api/v1/connections with a refresh token Salesforce refuses: 422 with its reason, nothing stored", async () => {
    const owner = await ownerWithApp("salesforce");
    const key = await makeApiKey(owner, ["connections:read", "connections:write"]);
    const refreshToken = salesforce.mintRefreshToken();
    salesforce.expireRefreshTokens(refreshToken);
    const before = await connectionCount(owner.teamId);

    const res = await call(connectionsRoute.POST, {
      method: "POST",
      bearer: key.key,
      body: { provider: "salesforce", credentials: { type: "refresh_token", refresh_token: refreshToken } },
    });
    expect(res.status, res.text).toBe(422);
    expect(res.json.error).toMatchObject({
      code: "validation_failed",
      details: { provider_error: "invalid_grant" },
    });
    expect(res.json.error!.message).toContain("expired access/refresh token");
    expect(res.text).not.toContain(refreshToken);
    expect(salesforce.requestsTo("/services/oauth2/token", "POST")).toHaveLength(1);
    expect(await connectionCount(owner.teamId)).toBe(before);
  });
});
