// Editing a custom provider (issue 13, item 1): PUT /providers/{slug} changes the definition; a change of its
// endpoints says how many connections must reconnect, and those connections then withhold their tokens
// (provider_changed → needs_reauth) until Reconnect re-pins them to the new definition — same id. Deleting is
// refused while connections use it. Another team's provider is not found; members may not edit.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as reconnectRoute from "@/app/api/v1/connections/[id]/reconnect/route";
import * as testRoute from "@/app/api/v1/connections/[id]/test/route";
import * as providerAppRoute from "@/app/api/v1/providers/[slug]/app/route";
import * as providerRoute from "@/app/api/v1/providers/[slug]/route";
import * as providersRoute from "@/app/api/v1/providers/route";
import { startOAuthServer, type OAuthServer } from "@/e2e/fixtures/oauth-test-server";
import { db } from "@/lib/db";
import { setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import { consentAtProvider } from "../cookie-jar";
import { hitCallback, messageOf, openBindUrl, startFlow } from "../connect-flow";
import { makeMember, makeOwner, type TTestUser } from "../factories";
import { call } from "../http";

const CALLBACK = "http://localhost:3999/oauth/callback";
let idp: OAuthServer;
beforeAll(async () => {
  idp = await startOAuthServer({
    clients: [{ clientId: "edit-client", clientSecret: "edit-secret-value-123", redirectUris: [CALLBACK] }],
  });
});
afterAll(() => idp.close());
afterEach(() => setOutboundPolicyForTests(undefined));

async function signIn(owner: TTestUser, authorizationUrl: string) {
  const bound = await openBindUrl(authorizationUrl, owner.cookie);
  const callback = await consentAtProvider(bound.location!, "ed@example.test", CALLBACK);
  return messageOf((await hitCallback(callback, bound.cookie)).text);
}

describe("editing and deleting a custom provider", () => {
  it("an endpoint change makes its connections reconnect (same id); delete is refused while they exist", async () => {
    setOutboundPolicyForTests({ allowPrivate: true });
    const owner = await makeOwner();
    const added = await call(providersRoute.POST, {
      method: "POST",
      cookie: owner.cookie,
      body: {
        slug: "acme-edit",
        name: "Acme IdP",
        issuer: idp.issuer,
        api_base_url: idp.issuer,
        scopes: ["openid", "email"],
        client_id: "edit-client",
        client_secret: "edit-secret-value-123",
      },
    });
    expect(added.status, added.text).toBe(201);
    const connected = await signIn(
      owner,
      (await startFlow({ cookie: owner.cookie }, "acme-edit")).authorization_url,
    );
    const id = connected!.connection_id!;
    const def = (
      await db.oAuthApp.findFirstOrThrow({ where: { teamId: owner.teamId, providerSlug: "acme-edit" } })
    ).custom as { authorizationUrl: string; tokenUrl: string; userInfoUrl: string; revocationUrl: string };
    const edit = (extra: Record<string, unknown>) => ({
      name: "Acme Identity",
      authorization_url: def.authorizationUrl,
      token_url: def.tokenUrl,
      revocation_url: def.revocationUrl,
      userinfo_url: def.userInfoUrl,
      api_base_url: idp.issuer,
      scopes: ["openid", "email"],
      token_endpoint_auth: "client_secret_basic",
      extra_authorization_params: { audience: "acme" },
      client_id: "edit-client",
      ...extra,
    });

    // a rename and new parameters: no endpoint changed, the connection keeps working
    const renamed = await call(providerRoute.PUT, {
      method: "PUT",
      cookie: owner.cookie,
      params: { slug: "acme-edit" },
      body: edit({}),
    });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.json).toMatchObject({
      name: "Acme Identity",
      endpoints_changed: false,
      connections_to_reconnect: 0,
    });
    expect(renamed.text).not.toContain("edit-secret-value-123");
    const ok = await call(testRoute.POST, { method: "POST", cookie: owner.cookie, params: { id } });
    expect(ok.json).toMatchObject({ outcome: "passed" });

    // the API base moves: the connection is pinned to the old endpoints and withholds its tokens
    const moved = await call(providerRoute.PUT, {
      method: "PUT",
      cookie: owner.cookie,
      params: { slug: "acme-edit" },
      body: edit({ api_base_url: `${idp.issuer}/v2` }),
    });
    expect(moved.json).toMatchObject({ endpoints_changed: true, connections_to_reconnect: 1 });
    const withheld = await call(testRoute.POST, { method: "POST", cookie: owner.cookie, params: { id } });
    expect(withheld.json).toMatchObject({
      ok: false,
      status: "needs_reauth",
      error: { code: "provider_changed" },
    });

    // Reconnect re-pins the same connection to the current definition
    const re = await call(reconnectRoute.POST, {
      method: "POST",
      cookie: owner.cookie,
      params: { id },
      body: {},
    });
    expect(re.status, re.text).toBe(201);
    const back = await signIn(owner, (re.json as { authorization_url: string }).authorization_url);
    expect(back).toMatchObject({ status: "connected", connection_id: id });
    const again = await call(testRoute.POST, { method: "POST", cookie: owner.cookie, params: { id } });
    expect(again.json).toMatchObject({ outcome: "passed", status: "connected" });

    // delete: refused with the reason while the connection exists
    const refused = await call(providerAppRoute.DELETE, {
      method: "DELETE",
      cookie: owner.cookie,
      params: { slug: "acme-edit" },
    });
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({ error: { code: "conflict", details: { connections: 1 } } });
    expect(
      await db.auditEntry.count({ where: { teamId: owner.teamId, action: "provider.custom_updated" } }),
    ).toBe(2);
  });

  it("another team's provider is not found; members may not edit; malformed input is a 422", async () => {
    setOutboundPolicyForTests({ allowPrivate: true });
    const owner = await makeOwner();
    const body = {
      name: "X",
      authorization_url: `${idp.issuer}/auth`,
      token_url: `${idp.issuer}/token`,
      api_base_url: idp.issuer,
      token_endpoint_auth: "client_secret_basic",
      client_id: "c",
    };
    await call(providersRoute.POST, {
      method: "POST",
      cookie: owner.cookie,
      body: { slug: "mine", ...body, client_secret: "s3cret-value" },
    });
    const stranger = await makeOwner();
    const other = await call(providerRoute.PUT, {
      method: "PUT",
      cookie: stranger.cookie,
      params: { slug: "mine" },
      body,
    });
    expect(other.status).toBe(404);
    const member = await makeMember(owner.teamId, "member");
    const denied = await call(providerRoute.PUT, {
      method: "PUT",
      cookie: member.cookie,
      params: { slug: "mine" },
      body,
    });
    expect(denied.status).toBe(403);
    const bad = await call(providerRoute.PUT, {
      method: "PUT",
      cookie: owner.cookie,
      params: { slug: "mine" },
      body: { ...body, token_url: "not a url", extra_authorization_params: { state: "x" } },
    });
    expect(bad.status).toBe(422);
    // a catalog provider is not a custom provider
    const catalog = await call(providerRoute.PUT, {
      method: "PUT",
      cookie: owner.cookie,
      params: { slug: "github" },
      body,
    });
    expect(catalog.status).toBe(404);
  });
});
