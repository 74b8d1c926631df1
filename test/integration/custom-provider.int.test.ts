// A team adds its own OAuth2/OIDC provider by issuer URL (discovery through the outbound guard) and connects it
// with the same engine as catalog providers.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as providersRoute from "@/app/api/v1/providers/route";
import { setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import { startOAuthServer, type OAuthServer } from "@/e2e/fixtures/oauth-test-server";
import { consentAtProvider } from "../cookie-jar";
import { hitCallback, messageOf, openBindUrl, startFlow } from "../connect-flow";
import { makeMember, makeOwner } from "../factories";
import { call } from "../http";

const CALLBACK = "http://localhost:3999/oauth/callback";
let idp: OAuthServer;

beforeAll(async () => {
  idp = await startOAuthServer({
    clients: [{ clientId: "acme-client", clientSecret: "acme-secret-value-123", redirectUris: [CALLBACK] }],
  });
});
afterAll(() => idp.close());
afterEach(() => setOutboundPolicyForTests(undefined));

const body = (slug: string, extra: Record<string, unknown> = {}) => ({
  slug,
  name: "Acme IdP",
  issuer: idp.issuer,
  api_base_url: idp.issuer,
  scopes: ["openid", "email", "offline_access"],
  client_id: "acme-client",
  client_secret: "acme-secret-value-123",
  ...extra,
});

describe("custom providers", () => {
  it("discovered by issuer, listed as configured, and connected through the normal flow", async () => {
    setOutboundPolicyForTests({ allowPrivate: true }); // the test IdP is on loopback
    const owner = await makeOwner();
    const res = await call(providersRoute.POST, {
      method: "POST",
      cookie: owner.cookie,
      body: body("acme-idp"),
    });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({
      slug: "acme-idp",
      name: "Acme IdP",
      configured: true,
      configured_by: "team",
    });
    expect(res.text).not.toContain("acme-secret-value-123");

    const list = await call(providersRoute.GET, { cookie: owner.cookie });
    expect((list.json.data as { slug: string }[]).some((p) => p.slug === "acme-idp")).toBe(true);
    const other = await makeOwner();
    const otherList = await call(providersRoute.GET, { cookie: other.cookie });
    expect((otherList.json.data as { slug: string }[]).some((p) => p.slug === "acme-idp")).toBe(false);

    const grant = await startFlow({ cookie: owner.cookie }, "acme-idp", { mode: "popup" });
    const bound = await openBindUrl(grant.authorization_url, owner.cookie);
    const providerUrl = new URL(bound.location!);
    expect(providerUrl.origin).toBe(new URL(idp.issuer).origin);
    expect(providerUrl.searchParams.get("code_challenge_method")).toBe("S256"); // discovered S256 support
    const callback = await consentAtProvider(providerUrl.toString(), "eve@example.test", CALLBACK);
    const page = await hitCallback(callback, bound.cookie);
    expect(messageOf(page.text)).toMatchObject({ status: "connected" });

    // another team cannot start a flow for it
    const res404 = await call((await import("@/app/api/v1/connect/[provider]/route")).POST, {
      method: "POST",
      cookie: other.cookie,
      params: { provider: "acme-idp" },
      body: {},
    });
    expect(res404.status).toBe(404);
  });

  it("refuses private addresses without the dev policy, catalog slugs, duplicates and members", async () => {
    const owner = await makeOwner();
    const blocked = await call(providersRoute.POST, {
      method: "POST",
      cookie: owner.cookie,
      body: body("loopback-idp"),
    });
    expect(blocked.status).toBe(422);
    expect(blocked.json.error?.message).toMatch(/https|not allowed/);

    setOutboundPolicyForTests({ allowPrivate: true });
    const taken = await call(providersRoute.POST, {
      method: "POST",
      cookie: owner.cookie,
      body: body("github"),
    });
    expect(taken.status).toBe(422);
    expect(JSON.stringify(taken.json.error?.details)).toContain("body.slug");
    expect(
      (await call(providersRoute.POST, { method: "POST", cookie: owner.cookie, body: body("dup-idp") }))
        .status,
    ).toBe(201);
    expect(
      (await call(providersRoute.POST, { method: "POST", cookie: owner.cookie, body: body("dup-idp") }))
        .status,
    ).toBe(409);
    const neither = await call(providersRoute.POST, {
      method: "POST",
      cookie: owner.cookie,
      body: body("no-endpoints", { issuer: undefined }),
    });
    expect(neither.status).toBe(422);

    const member = await makeMember(owner.teamId, "member");
    expect(
      (await call(providersRoute.POST, { method: "POST", cookie: member.cookie, body: body("member-idp") }))
        .status,
    ).toBe(403);
  });

  it("rejects a discovery document that names another issuer (mix-up defence)", async () => {
    setOutboundPolicyForTests({ allowPrivate: true });
    const owner = await makeOwner();
    const res = await call(providersRoute.POST, {
      method: "POST",
      cookie: owner.cookie,
      body: body("mixup-idp", { issuer: idp.issuer.replace("127.0.0.1", "localhost") }),
    });
    expect(res.status).toBe(422);
    expect(res.json.error?.message).toMatch(/different issuer/);
  });
});

describe("provider app settings", () => {
  it("seals secret settings (Google Ads developer token) and never returns them", async () => {
    const owner = await makeOwner();
    const { configureOAuthApp } = await import("@/lib/providers/configure-app");
    const { db } = await import("@/lib/db");
    const out = await configureOAuthApp(owner.ctx, "google-ads", {
      level: "team",
      client_id: "gads-client",
      client_secret: "gads-secret-value",
      settings: { developer_token: "dev-token-plaintext-123" },
    });
    expect(JSON.stringify(out)).not.toContain("dev-token-plaintext-123");
    expect(out.secret_settings_set).toEqual(["developer_token"]);
    const row = await db.oAuthApp.findFirstOrThrow({
      where: { teamId: owner.teamId, providerSlug: "google-ads" },
    });
    expect(JSON.stringify(row)).not.toContain("dev-token-plaintext-123");
    expect(JSON.stringify(row.settings)).toContain("pbv1.");
  });
});

describe("instance and team OAuth apps", () => {
  it("only superusers set the instance app; a team's own app overrides it for that team only", async () => {
    const { configureOAuthApp } = await import("@/lib/providers/configure-app");
    const { resolveOAuthApp } = await import("@/lib/providers/resolve-app");
    const { db } = await import("@/lib/db");
    const admin = await makeOwner();
    const body = {
      level: "instance" as const,
      client_id: "instance-client",
      client_secret: "instance-secret",
      settings: {},
    };
    await expect(configureOAuthApp(admin.ctx, "hubspot", body)).rejects.toThrow(/superusers/);

    await db.user.update({ where: { id: admin.userId }, data: { isSuperuser: true } });
    const su = {
      ...admin.ctx,
      actor: { kind: "user" as const, userId: admin.userId, sessionId: "s", isSuperuser: true },
    };
    await configureOAuthApp(su, "hubspot", body);
    const other = await makeOwner();
    expect(await resolveOAuthApp(other.teamId, "hubspot")).toMatchObject({
      source: "instance",
      clientId: "instance-client",
      clientSecret: "instance-secret",
    });

    await configureOAuthApp(other.ctx, "hubspot", {
      level: "team",
      client_id: "own-client",
      client_secret: "own-secret",
      settings: {},
    });
    expect(await resolveOAuthApp(other.teamId, "hubspot")).toMatchObject({
      source: "team",
      clientId: "own-client",
    });
    expect(await resolveOAuthApp(admin.teamId, "hubspot")).toMatchObject({ source: "instance" });
    await db.oAuthApp.deleteMany({ where: { teamId: null, providerSlug: "hubspot" } }); // shared test database
  });
});
