import type { TCreateConnection } from "@/lib/connections/create-connection";
import type { TTokenSet } from "@/lib/oauth/types";

/** The parts of a new OAuth connection that come from the token response. */
export function tokenSetToConnection(
  tokens: TTokenSet,
  params: Record<string, string>,
  fallbackScopes: string[],
): Pick<
  TCreateConnection,
  | "authMode"
  | "credentials"
  | "accountIdentity"
  | "params"
  | "metadata"
  | "scopes"
  | "tokenExpiresAt"
  | "refreshTokenExpiresAt"
> {
  return {
    authMode: "oauth2",
    credentials: {
      type: "oauth2",
      access_token: tokens.accessToken,
      refresh_token: tokens.refreshToken,
      token_type: tokens.tokenType,
      id_token: tokens.idToken,
      extra: tokens.extraSecrets,
    },
    accountIdentity: tokens.identity,
    params: { ...params, ...tokens.derived },
    metadata: tokens.metadata as Record<string, never>,
    scopes: tokens.scopes ?? fallbackScopes,
    tokenExpiresAt: tokens.expiresAt,
    refreshTokenExpiresAt: tokens.refreshTokenExpiresAt,
  };
}
