// GET /connections/{id}/credentials: the one endpoint that returns a secret. Refused without its own scope (which
// no key has unless asked for), audited on every read, never cached, tenancy as everywhere.
import { describe, expect, it } from "vitest";
import * as credentialsRoute from "@/app/api/v1/connections/[id]/credentials/route";
import { SCOPES_NOT_BY_DEFAULT } from "@/lib/api-keys/scopes";
import { changeStatus } from "@/lib/connections/repo";
import { db } from "@/lib/db";
import { call } from "../http";
import { makeProxyConnection, proxyTeam } from "../proxy-fixtures";

const TOKEN = "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";

async function shopify(team: Awaited<ReturnType<typeof proxyTeam>>) {
  return makeProxyConnection(
    team,
    "shopify",
    "oauth2",
    { type: "oauth2", access_token: TOKEN, refresh_token: "never-handed-out-0123456789", extra: {} },
    { shop: "acme-store.myshopify.com" },
  );
}

const audits = (teamId: string, id: string) =>
  db.auditEntry.findMany({ where: { teamId, action: "connection.credentials_read", targetId: id } });

describe("credentials endpoint", () => {
  it("is refused without connections:credentials (even with every other scope), and nothing is audited", async () => {
    expect(SCOPES_NOT_BY_DEFAULT).toContain("connections:credentials");
    const team = await proxyTeam(["connections:read", "connections:write", "connections:proxy"]);
    const id = await shopify(team);
    const res = await call(credentialsRoute.GET, { bearer: team.key, params: { id } });
    expect(res.status).toBe(403);
    expect(res.json.error?.details).toEqual({ missing_scopes: ["connections:credentials"] });
    expect(res.text).not.toContain(TOKEN);
    expect(await audits(team.owner.teamId, id)).toHaveLength(0);
  });

  it("with the scope: the access token (never the refresh token), no-store, one audit entry per read", async () => {
    const team = await proxyTeam(["connections:credentials"]);
    const id = await shopify(team);
    for (let i = 0; i < 2; i++) {
      const res = await call(credentialsRoute.GET, { bearer: team.key, params: { id } });
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.json).toEqual({
        connection_id: id,
        provider: "shopify",
        auth_mode: "oauth2",
        expires_at: null,
        api_base_url: "https://acme-store.myshopify.com/admin/api/2025-07",
        credentials: { type: "oauth2", access_token: TOKEN, token_type: "Bearer" },
      });
      expect(res.text).not.toContain("never-handed-out");
    }
    const entries = await audits(team.owner.teamId, id);
    expect(entries).toHaveLength(2);
    expect(entries[0]!.actorKeyId).toBeTruthy();
    expect(JSON.stringify(entries)).not.toContain(TOKEN);
  });

  it("is 404 for another team's connection and 409 for a disabled one, nothing audited", async () => {
    const team = await proxyTeam(["connections:credentials"]);
    const other = await proxyTeam(["connections:credentials"]);
    const id = await shopify(team);
    const stranger = await call(credentialsRoute.GET, { bearer: other.key, params: { id } });
    expect(stranger.status).toBe(404);
    await changeStatus(team.owner.teamId, id, "disabled", "set by a test");
    const disabled = await call(credentialsRoute.GET, { bearer: team.key, params: { id } });
    expect(disabled.status).toBe(409);
    expect(disabled.text).not.toContain(TOKEN);
    expect(await audits(team.owner.teamId, id)).toHaveLength(0);
    expect(await audits(other.owner.teamId, id)).toHaveLength(0);
  });

  it("a signed-in session cannot read it (API keys only)", async () => {
    const team = await proxyTeam(["connections:credentials"]);
    const id = await shopify(team);
    const res = await call(credentialsRoute.GET, { cookie: team.owner.cookie, params: { id } });
    expect(res.status).toBe(401);
  });
});
