// GET /connections/{id}/credentials: the one endpoint that hands a connection's secret to a caller, for SDKs and
// agents that must call the provider themselves. Refreshed first when due; every read is audited (who, which
// connection — never the secret); only the access token, key or password leaves — never a refresh token or a
// service account's private key, so Patchbay stays the only holder of what mints new tokens.
import { z } from "zod";
import type { TAuthContext } from "@/lib/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { openConnectionForUse } from "@/lib/connections/use-connection";
import { ConnectionNotUsable } from "@/lib/connections/errors";
import { templateValues } from "@/lib/oauth/template-values";
import { fillTemplate, placeholdersIn } from "@/lib/providers/templates";

/** What the endpoint answers (the OpenAPI document describes the route with this schema). */
export const ZCredentialsView = z.object({
  connection_id: z.string(),
  provider: z.string(),
  auth_mode: z.string(),
  expires_at: z.string().nullable(),
  api_base_url: z.string().nullable(),
  credentials: z.discriminatedUnion("type", [
    z.object({ type: z.literal("oauth2"), access_token: z.string(), token_type: z.string() }),
    z.object({ type: z.literal("api_key"), api_key: z.string() }),
    z.object({ type: z.literal("basic"), username: z.string(), password: z.string() }),
    z.object({ type: z.literal("service_account"), access_token: z.string() }),
  ]),
});
export type TCredentialsView = z.infer<typeof ZCredentialsView>;

export async function readConnectionCredentials(ctx: TAuthContext, id: string): Promise<TCredentialsView> {
  const conn = await openConnectionForUse(ctx, id);
  const c = conn.credentials;
  let credentials: TCredentialsView["credentials"];
  switch (c.type) {
    case "oauth2":
      credentials = { type: "oauth2", access_token: c.access_token, token_type: c.token_type ?? "Bearer" };
      break;
    case "api_key":
      credentials = { type: "api_key", api_key: c.api_key };
      break;
    case "basic":
      credentials = { type: "basic", username: c.username, password: c.password };
      break;
    case "service_account":
      if (!c.access_token)
        throw new ConnectionNotUsable("connected", "The service account has no token yet.");
      credentials = { type: "service_account", access_token: c.access_token };
      break;
  }
  const base = fillTemplate(conn.provider.api.baseUrl, templateValues(conn.provider, conn.app, conn.params));
  await recordAudit(
    ctx,
    "connection.credentials_read",
    { type: "connection", id },
    { provider: conn.providerSlug },
  );
  return {
    connection_id: id,
    provider: conn.providerSlug,
    auth_mode: conn.authMode,
    expires_at: conn.expiresAt?.toISOString() ?? null,
    api_base_url: placeholdersIn(base).length === 0 ? base : null,
    credentials,
  };
}
