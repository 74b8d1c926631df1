// Should this authorization have come back with a refresh token? (finding B) Without one, an OAuth connection
// works for one access-token lifetime and then needs the user again — say so when it is made, not an hour later.
// Protocol knowledge only: what was asked for, what the provider entry promises, what came back.
import { setGrantWarning } from "@/lib/connections/grant-repo";
import type { TTokenSet } from "@/lib/oauth/types";
import type { TProvider } from "@/lib/providers/schemas";

export type TConnectWarning = { code: "no_refresh_token"; message: string };

/** Expected: the entry says the provider issues refresh tokens, or offline_access was asked of an OIDC provider. */
export function expectsRefreshToken(provider: TProvider, requestedScopes: string[]): boolean {
  const oauth = provider.oauth2;
  if (!oauth || oauth.refresh !== "refresh_token") return false;
  if (oauth.issuesRefreshToken !== undefined) return oauth.issuesRefreshToken;
  return requestedScopes.includes("openid") && requestedScopes.includes("offline_access");
}

export function missingRefreshTokenWarning(
  provider: TProvider,
  requestedScopes: string[],
  tokens: Pick<TTokenSet, "refreshToken" | "expiresAt">,
): TConnectWarning | null {
  if (tokens.refreshToken || !expectsRefreshToken(provider, requestedScopes)) return null;
  const why = requestedScopes.includes("offline_access")
    ? "although offline_access was requested"
    : "although it is set up as issuing them";
  const until = tokens.expiresAt ? "when its access token expires" : "if its access token ever expires";
  return {
    code: "no_refresh_token",
    message:
      `${provider.name} returned no refresh token ${why}, so this connection will need to be reconnected ` +
      `${until}. Check that the OAuth client is allowed the refresh_token grant at the provider, and that the ` +
      `provider honours offline_access (OpenID Connect providers need prompt=consent).`,
  };
}

export async function markGrantWarning(grantId: string, warning: TConnectWarning) {
  await setGrantWarning(grantId, { code: warning.code, description: warning.message });
}
