// The partner profile (PUT/GET /api/v1/partner): what it validates, who may change it, that it is audited, and that
// the account routes stay closed until partner mode is on.
import { describe, expect, it } from "vitest";
import * as accountsRoute from "@/app/api/v1/accounts/route";
import * as partnerRoute from "@/app/api/v1/partner/route";
import { db } from "@/lib/db";
import { addCustomProvider } from "@/lib/providers/custom-apps";
import { ZCustomProviderInput } from "@/lib/providers/custom-provider";
import { makeApiKey, makeMember, makeOwner } from "../factories";
import { call } from "../http";
import { partnerTeam } from "../partner-fixtures";

describe("partner profile", () => {
  it("starts unconfigured, and the first save turns partner mode on with the branding", async () => {
    const owner = await makeOwner();
    const { key } = await makeApiKey(owner, ["partner:read", "partner:write", "accounts:read"]);
    const before = await call(partnerRoute.GET, { bearer: key });
    expect(before.status).toBe(200);
    expect(before.json).toMatchObject({ configured: false, enabled: false, display_name: null });
    // closed until then, with a message that says how to open it
    const closed = await call(accountsRoute.GET, { bearer: key });
    expect(closed.status).toBe(403);
    expect(closed.json.error).toMatchObject({
      code: "forbidden",
      details: { reason: "partner_mode_disabled" },
    });
    expect(closed.json.error?.message).toContain("PUT /api/v1/partner");

    const res = await call(partnerRoute.PUT, {
      method: "PUT",
      bearer: key,
      body: {
        display_name: "Acme Agents",
        logo_url: "https://cdn.acme.test/logo.png",
        primary_color: "#FF6600",
        background_color: "#101010",
        support_url: "https://acme.test/help",
        allowed_redirect_origins: [
          "https://app.acme.test",
          "http://localhost:5173/",
          "https://app.acme.test",
        ],
        default_providers: ["github", "slack", "github"],
      },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({
      configured: true,
      enabled: true,
      display_name: "Acme Agents",
      logo_url: "https://cdn.acme.test/logo.png",
      primary_color: "#ff6600",
      background_color: "#101010",
      allowed_redirect_origins: ["https://app.acme.test", "http://localhost:5173"],
      default_providers: ["github", "slack"],
    });
    expect((await call(accountsRoute.GET, { bearer: key })).status).toBe(200);
    const audit = await db.auditEntry.findFirst({
      where: { teamId: owner.teamId, action: "partner.updated" },
    });
    expect(audit?.metadata).toMatchObject({ created: true, enabled: true });

    // a partial PUT keeps the rest; enabled: false closes the account routes again
    const off = await call(partnerRoute.PUT, { method: "PUT", bearer: key, body: { enabled: false } });
    expect(off.json).toMatchObject({
      enabled: false,
      display_name: "Acme Agents",
      default_providers: ["github", "slack"],
    });
    expect((await call(accountsRoute.GET, { bearer: key })).status).toBe(403);
  });

  it.each([
    [{ display_name: "x", logo_url: "http://cdn.acme.test/logo.png" }, "logo_url"],
    [{ display_name: "x", logo_url: "javascript:alert(1)" }, "logo_url"],
    [{ display_name: "x", primary_color: "red" }, "primary_color"],
    [{ display_name: "x", background_color: "#fff" }, "background_color"],
    [{ display_name: "x", support_url: "ftp://acme.test" }, "support_url"],
    [
      { display_name: "x", allowed_redirect_origins: ["https://app.acme.test/callback"] },
      "allowed_redirect_origins.0",
    ],
    [{ display_name: "x", allowed_redirect_origins: ["app.acme.test"] }, "allowed_redirect_origins.0"],
    [{ display_name: "x", default_providers: ["github", "no-such-provider"] }, "default_providers.1"],
    [{ display_name: "" }, "display_name"],
    [{ enabled: true }, "display_name"],
    [{ display_name: "x", surprise: 1 }, ""],
  ])("refuses %j (422 on %s) and stores nothing", async (body, path) => {
    const owner = await makeOwner();
    const res = await call(partnerRoute.PUT, { method: "PUT", cookie: owner.cookie, body });
    expect(res.status, res.text).toBe(422);
    expect(res.json.error?.code).toBe("validation_failed");
    const paths = (res.json.error?.details as { issues: { path: string }[] }).issues.map((d) => d.path);
    expect(paths).toContain(path ? `body.${path}` : "body");
    expect(await db.partnerProfile.findUnique({ where: { teamId: owner.teamId } })).toBeNull();
  });

  it("takes the team's own custom providers as defaults, and not another team's", async () => {
    const owner = await makeOwner();
    const other = await makeOwner();
    await addCustomProvider(
      owner.ctx,
      ZCustomProviderInput.parse({
        slug: "acme-crm",
        name: "Acme CRM",
        authorization_url: "https://crm.acme.test/oauth/authorize",
        token_url: "https://crm.acme.test/oauth/token",
        api_base_url: "https://crm.acme.test/api",
        client_id: "acme-crm-client",
        client_secret: "acme-crm-secret-0123",
      }),
    );
    const ok = await call(partnerRoute.PUT, {
      method: "PUT",
      cookie: owner.cookie,
      body: { display_name: "x", default_providers: ["github", "acme-crm"] },
    });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json.default_providers).toEqual(["github", "acme-crm"]);
    const theirs = await call(partnerRoute.PUT, {
      method: "PUT",
      cookie: other.cookie,
      body: { display_name: "y", default_providers: ["acme-crm"] },
    });
    expect(theirs.status).toBe(422);
    expect(theirs.json.error?.details).toEqual({
      issues: [
        {
          path: "body.default_providers.0",
          message: 'Unknown provider "acme-crm"',
          code: "unknown_provider",
        },
      ],
    });
  });

  it("needs an admin in the dashboard and the partner scopes on a key", async () => {
    const owner = await makeOwner();
    const member = await makeMember(owner.teamId, "member");
    const asMember = await call(partnerRoute.PUT, {
      method: "PUT",
      cookie: member.cookie,
      body: { display_name: "Mine now" },
    });
    expect(asMember.status).toBe(403);
    expect((await call(partnerRoute.GET, { cookie: member.cookie })).status).toBe(403);
    const readOnly = await makeApiKey(owner, ["partner:read"]);
    const put = await call(partnerRoute.PUT, {
      method: "PUT",
      bearer: readOnly.key,
      body: { display_name: "x" },
    });
    expect(put.status).toBe(403);
    expect(put.json.error?.details).toEqual({ missing_scopes: ["partner:write"] });
    expect(await db.partnerProfile.findUnique({ where: { teamId: owner.teamId } })).toBeNull();
    const asAdmin = await call(partnerRoute.PUT, {
      method: "PUT",
      cookie: (await makeMember(owner.teamId, "admin")).cookie,
      body: { display_name: "By the admin" },
    });
    expect(asAdmin.status).toBe(200);
  });

  it("a partner team's profile is its own", async () => {
    const a = await partnerTeam();
    const b = await makeOwner();
    expect((await call(partnerRoute.GET, { cookie: b.cookie })).json).toMatchObject({ configured: false });
    expect((await call(partnerRoute.GET, { bearer: a.key })).json).toMatchObject({
      display_name: "Acme Agents",
    });
  });
});
