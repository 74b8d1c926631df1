// Editing a team's custom provider: its name, endpoints, scopes, extra authorization parameters, client
// authentication, revocation / userinfo URLs, API base and client. The issuer (and what discovery said about it:
// RFC 9207 iss, PKCE) is kept as it was — a different issuer is a different provider, added anew.
//
// Connections are pinned to the endpoints they were made with (lib/connections/load-provider-for-connection.ts):
// after an edit that changes any URL a token may be sent to, each existing connection is moved to needs_reauth on
// its next use instead of sending its tokens to the new URLs, and Reconnect re-pins it. The answer says how many
// connections that concerns, so the page can say it before and after saving; the audit record carries it too.
import { z } from "zod";
import type { TAuthContext } from "@/lib/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError, notFound } from "@/lib/errors";
import {
  countConnectionsByProvider,
  countConnectionsForProvider,
  findCustomAppDetails,
  findOAuthApp,
  updateCustomApp,
} from "@/lib/providers/app-repo";
import {
  requireHttps,
  ZCustomDefinition,
  ZExtraAuthorizationParams,
  ZHttpsUrl,
  type TCustomDefinition,
} from "@/lib/providers/custom-provider";
import { aadFor, seal } from "@/lib/vault/vault";

export const ZUpdateCustomProviderInput = z
  .object({
    name: z.string().trim().min(1).max(60),
    authorization_url: ZHttpsUrl,
    token_url: ZHttpsUrl,
    revocation_url: ZHttpsUrl.nullable().default(null),
    userinfo_url: ZHttpsUrl.nullable().default(null),
    scopes: z.array(z.string().min(1).max(200)).max(50).default([]),
    scope_separator: z.enum([" ", ","]).default(" "),
    token_endpoint_auth: z.enum(["client_secret_basic", "client_secret_post"]),
    extra_authorization_params: ZExtraAuthorizationParams.default({}),
    offline_access_consent: z.boolean().default(true),
    issues_refresh_token: z.boolean().nullable().default(null),
    api_base_url: ZHttpsUrl,
    client_id: z.string().trim().min(1).max(500),
    /** Optional: keeps the stored secret. */
    client_secret: z.string().min(1).max(2000).optional(),
  })
  .strict();
export type TUpdateCustomProviderInput = z.infer<typeof ZUpdateCustomProviderInput>;

/** What the Providers page shows of a custom provider (no secret). */
export type TCustomProviderDetails = {
  slug: string;
  client_id: string;
  connections: number;
  definition: TCustomDefinition;
};

/** Every URL a token or the client secret may be sent to (the pin's inputs, as the connections layer hashes them). */
const endpointsOf = (d: TCustomDefinition) =>
  [d.authorizationUrl, d.tokenUrl, d.revocationUrl, d.userInfoUrl, d.issuer, d.apiBaseUrl].join("\n");

export async function listCustomProviderDetails(teamId: string): Promise<TCustomProviderDetails[]> {
  const rows = await findCustomAppDetails(teamId);
  const parsed = rows.flatMap((r) => {
    const d = ZCustomDefinition.safeParse(r.custom);
    return d.success ? [{ slug: r.providerSlug, client_id: r.clientId, definition: d.data }] : [];
  });
  const n = new Map(
    parsed.length
      ? (
          await countConnectionsByProvider(
            teamId,
            parsed.map((p) => p.slug),
          )
        ).map((g) => [g.providerSlug, g._count._all] as const)
      : [],
  );
  return parsed.map((p) => ({ ...p, connections: n.get(p.slug) ?? 0 }));
}

export async function updateCustomProvider(
  ctx: TAuthContext,
  slug: string,
  input: TUpdateCustomProviderInput,
) {
  const row = await findOAuthApp(ctx.teamId, slug);
  const before = ZCustomDefinition.safeParse(row?.custom);
  if (!row || !before.success) throw notFound("Custom provider");
  requireHttps([
    ["authorization_url", input.authorization_url],
    ["token_url", input.token_url],
    ["revocation_url", input.revocation_url],
    ["userinfo_url", input.userinfo_url],
    ["api_base_url", input.api_base_url],
  ]);
  const next: TCustomDefinition = {
    ...before.data,
    name: input.name,
    authorizationUrl: input.authorization_url,
    tokenUrl: input.token_url,
    revocationUrl: input.revocation_url,
    userInfoUrl: input.userinfo_url,
    scopes: input.scopes,
    scopeSeparator: input.scope_separator,
    tokenEndpointAuth: input.token_endpoint_auth,
    extraAuthorizationParams: input.extra_authorization_params,
    offlineAccessConsent: input.offline_access_consent,
    issuesRefreshToken: input.issues_refresh_token,
    apiBaseUrl: input.api_base_url.replace(/\/$/, ""),
  };
  const endpointsChanged = endpointsOf(next) !== endpointsOf(before.data);
  const res = await updateCustomApp(ctx.teamId, row.id, {
    clientId: input.client_id,
    clientSecretSealed: input.client_secret
      ? seal(input.client_secret, aadFor("OAuthApp", row.id, "clientSecret"))
      : undefined,
    custom: next,
  });
  if (res.count !== 1) throw new AppError("conflict", { message: "The provider changed meanwhile; reload." });
  const connections = endpointsChanged ? await countConnectionsForProvider(ctx.teamId, slug) : 0;
  await recordAudit(
    ctx,
    "provider.custom_updated",
    { type: "provider", id: slug },
    {
      endpoints_changed: endpointsChanged,
      secret_changed: Boolean(input.client_secret),
      client_changed: input.client_id !== row.clientId,
      connections_to_reconnect: connections,
    },
  );
  return {
    slug,
    name: next.name,
    endpoints_changed: endpointsChanged,
    connections_to_reconnect: connections,
  };
}
