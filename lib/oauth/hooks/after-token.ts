// Work that follows a successful token exchange: swapping a short-lived token, finding the API site, reading
// who the token acts as. Calls go through ctx.http (the outbound guard with this provider's policy).
import { z } from "zod";
import type { THookName } from "@/lib/providers/hooks";
import { fillTemplate } from "@/lib/providers/templates";
import { parseStandardTokenResponse } from "@/lib/oauth/parse-standard-token-response";
import { PARSE_TOKEN_RESPONSE } from "@/lib/oauth/hooks/parse-token-response";
import { TokenEndpointError, type THookContext, type TTokenSet } from "@/lib/oauth/types";

type TAfterToken = (tokens: TTokenSet, ctx: THookContext) => Promise<TTokenSet>;

async function json(ctx: THookContext, url: string, token: string) {
  const res = await ctx.http(url, {
    headers: { authorization: `Bearer ${token}`, accept: "application/json" },
  });
  return { status: res.status, body: res.status === 204 ? null : res.json() };
}

/** Meta: swap the ~1 h user token for a ~60 day one; there is no refresh token. */
const metaLongLived: TAfterToken = async (tokens, ctx) => {
  const url = new URL(fillTemplate(ctx.provider.oauth2!.tokenUrl, ctx.values));
  url.search = new URLSearchParams({
    grant_type: "fb_exchange_token",
    client_id: ctx.app.clientId,
    client_secret: ctx.app.clientSecret,
    fb_exchange_token: tokens.accessToken,
  }).toString();
  const res = await ctx.http(url.toString(), { headers: { accept: "application/json" } });
  const long = PARSE_TOKEN_RESPONSE.meta_graph(res.status, res.json(), ctx);
  return {
    ...tokens,
    accessToken: long.accessToken,
    expiresAt: long.expiresAt,
    metadata: { ...tokens.metadata, long_lived: true },
  };
};

const ZSites = z.array(
  z.looseObject({ id: z.string().min(1), url: z.string().optional(), name: z.string().optional() }),
);

/** Atlassian: API calls go through api.atlassian.com/ex/jira/{cloud_id}; the first accessible site is used. */
const atlassianCloudId: TAfterToken = async (tokens, ctx) => {
  const { status, body } = await json(
    ctx,
    "https://api.atlassian.com/oauth/token/accessible-resources",
    tokens.accessToken,
  );
  const sites = ZSites.safeParse(body);
  const site = sites.success ? sites.data[0] : undefined;
  if (status !== 200 || !site)
    throw new TokenEndpointError(
      "no_accessible_site",
      "The Atlassian account has no site this app may access.",
      false,
      status,
    );
  return {
    ...tokens,
    derived: { ...tokens.derived, cloud_id: site.id },
    metadata: { ...tokens.metadata, site: { url: site.url, name: site.name } },
    identity: { ...tokens.identity, name: site.name },
  };
};

const ZSfIdentity = z.looseObject({
  user_id: z.string().optional(),
  organization_id: z.string().optional(),
  username: z.string().optional(),
  display_name: z.string().optional(),
  email: z.string().optional(),
});

const salesforceIdentity: TAfterToken = async (tokens, ctx) => {
  const idUrl = typeof tokens.metadata.identity_url === "string" ? tokens.metadata.identity_url : null;
  if (!idUrl) return tokens;
  const { status, body } = await json(ctx, idUrl, tokens.accessToken);
  const id = ZSfIdentity.safeParse(body);
  if (status !== 200 || !id.success) return tokens; // identity is nice to have; the connection works without it
  return {
    ...tokens,
    metadata: { ...tokens.metadata, organization_id: id.data.organization_id },
    identity: { id: id.data.user_id, name: id.data.display_name ?? id.data.username, email: id.data.email },
  };
};

export const AFTER_TOKEN: Record<THookName<"afterToken">, TAfterToken> = {
  meta_long_lived_exchange: metaLongLived,
  atlassian_cloud_id: atlassianCloudId,
  salesforce_identity: salesforceIdentity,
};

export { parseStandardTokenResponse };
