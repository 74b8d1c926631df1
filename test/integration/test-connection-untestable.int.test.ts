// "Test connection" on a provider without a test request (issue 13, item 2): a custom OAuth 2 provider without an
// OIDC userinfo endpoint is NOT TESTABLE — said as such, never an error, and no last error ("no_test") is stored;
// a custom OIDC provider is tested with its userinfo endpoint (discovered from the issuer).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as testRoute from "@/app/api/v1/connections/[id]/test/route";
import * as providersRoute from "@/app/api/v1/providers/route";
import { startOAuthServer, type OAuthServer } from "@/e2e/fixtures/oauth-test-server";
import { db } from "@/lib/db";
import { setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import { consentAtProvider } from "../cookie-jar";
import { hitCallback, messageOf, openBindUrl, startFlow } from "../connect-flow";
import { makeOwner, type TTestUser } from "../factories";
import { call } from "../http";

const CALLBACK = "http://localhost:3999/oauth/callback";
let idp: OAuthServer;
beforeAll(async () => {
  idp = await startOAuthServer({
    clients: [
      { clientId: "untestable-client", clientSecret: "untestable-secret-123", redirectUris: [CALLBACK] },
    ],
  });
});
afterAll(() => idp.close());
afterEach(() => setOutboundPolicyForTests(undefined));

async function customConnection(owner: TTestUser, slug: string, withoutUserinfo: boolean) {
  const added = await call(providersRoute.POST, {
    method: "POST",
    cookie: owner.cookie,
    body: {
      slug,
      name: "Acme IdP",
      issuer: idp.issuer,
      api_base_url: idp.issuer,
      scopes: ["openid", "email"],
      client_id: "untestable-client",
      client_secret: "untestable-secret-123",
    },
  });
  expect(added.status, added.text).toBe(201);
  const app = await db.oAuthApp.findFirstOrThrow({ where: { teamId: owner.teamId, providerSlug: slug } });
  const custom = app.custom as Record<string, unknown>;
  expect(custom.userInfoUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//); // discovered
  // A plain OAuth 2 provider (or one stored before userinfo was kept): no test request at all.
  if (withoutUserinfo)
    await db.oAuthApp.update({
      where: { id: app.id },
      data: { custom: { ...custom, userInfoUrl: null } },
    });
  const grant = await startFlow({ cookie: owner.cookie }, slug, { mode: "popup" });
  const bound = await openBindUrl(grant.authorization_url, owner.cookie);
  const callback = await consentAtProvider(bound.location!, "tess@example.test", CALLBACK);
  const msg = messageOf((await hitCallback(callback, bound.cookie)).text);
  expect(msg, JSON.stringify(msg?.error)).toMatchObject({ status: "connected" });
  return msg!.connection_id!;
}

describe("Test connection without a test request", () => {
  it("says the provider has no test request: not an error, no last error stored, status unchanged", async () => {
    setOutboundPolicyForTests({ allowPrivate: true });
    const owner = await makeOwner();
    const id = await customConnection(owner, "acme-plain", true);
    const res = await call(testRoute.POST, { method: "POST", cookie: owner.cookie, params: { id } });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ ok: false, outcome: "not_testable", error: null, status: "connected" });
    expect(res.json.note).toContain("has no test request");
    const row = await db.connection.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "connected", lastErrorCode: null, lastErrorMessage: null });
    expect(row.lastCheckedAt).not.toBeNull(); // the scheduler moves on to other connections
    expect(await db.connectionEvent.count({ where: { connectionId: id } })).toBe(1); // only "connected"
  });

  it("tests a custom OIDC provider with its userinfo endpoint", async () => {
    setOutboundPolicyForTests({ allowPrivate: true });
    const owner = await makeOwner();
    const id = await customConnection(owner, "acme-oidc", false);
    const res = await call(testRoute.POST, { method: "POST", cookie: owner.cookie, params: { id } });
    expect(res.json).toMatchObject({ ok: true, outcome: "passed", error: null, note: null });
    // and a revoked grant at the provider is a failed test, as for catalog providers
    await idp.revokeGrantsFor("tess@example.test");
    const failed = await call(testRoute.POST, { method: "POST", cookie: owner.cookie, params: { id } });
    expect(failed.json).toMatchObject({ ok: false, outcome: "failed" });
  });
});
