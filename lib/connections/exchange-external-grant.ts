// Programmatic creation: the caller ran the browser part elsewhere and hands us an authorization code (with its
// verifier and redirect URI) or a refresh token. Either way we call the provider first; nothing is stored
// unless the provider accepts it.
// A code is redeemed only with the caller's OWN OAuth app (unless `allowInstanceApp`): a code issued to the
// instance's client (or the Sandbox's) may have been obtained from a victim of another team — for example by a
// mix-up through a hostile custom provider — and redeeming it would connect the victim's account to the
// caller's team. Whoever registered a team app owns its redirect URIs, so codes for it are theirs to redeem.
import { loadOAuthProviderOrThrow } from "@/lib/providers/load-oauth-provider";
import { validateConnectionParams } from "@/lib/providers/validate-params";
import { AppError } from "@/lib/errors";
import { templateValues } from "@/lib/oauth/template-values";
import { hookContext, requestTokens } from "@/lib/oauth/token-request";
import { TokenEndpointError, type TTokenSet } from "@/lib/oauth/types";
import { type TOAuthApp } from "@/lib/providers/app-types";

export type TExternalGrant =
  | { type: "authorization_code"; code: string; redirect_uri: string; code_verifier?: string }
  | { type: "refresh_token"; refresh_token: string };

export async function exchangeExternalGrant(
  teamId: string,
  providerSlug: string,
  params: Record<string, string>,
  grant: TExternalGrant,
  opts: { allowInstanceApp?: boolean } = {},
): Promise<{ tokens: TTokenSet; providerSlug: string; app: TOAuthApp }> {
  const { provider, app } = await loadOAuthProviderOrThrow(teamId, providerSlug);
  if (grant.type === "authorization_code" && app.source !== "team" && !opts.allowInstanceApp)
    throw new AppError("forbidden", {
      message: `Authorization codes for ${provider.name} can be redeemed only with your team's own OAuth app (Providers → Set OAuth app); codes issued to the instance's app need an instance superuser's permission.`,
      details: { app: app.source },
    });
  validateConnectionParams(provider, params);
  const ctx = hookContext(provider, app, templateValues(provider, app, params));
  const fields: Record<string, string> =
    grant.type === "authorization_code"
      ? {
          grant_type: "authorization_code",
          code: grant.code,
          redirect_uri: grant.redirect_uri,
          ...(grant.code_verifier ? { code_verifier: grant.code_verifier } : {}),
        }
      : { grant_type: "refresh_token", refresh_token: grant.refresh_token };
  try {
    const tokens = await requestTokens(ctx, fields, { afterToken: true });
    // A refresh response may omit the refresh token: the one we were given stays valid.
    if (grant.type === "refresh_token" && !tokens.refreshToken) tokens.refreshToken = grant.refresh_token;
    return { tokens, providerSlug: provider.slug, app };
  } catch (err) {
    if (err instanceof TokenEndpointError) {
      throw new AppError(err.retryable ? "bad_gateway" : "validation_failed", {
        message: `${provider.name} did not accept the ${grant.type === "authorization_code" ? "authorization code" : "refresh token"}: ${err.description}`,
        details: { provider_error: err.code },
      });
    }
    throw err;
  }
}
