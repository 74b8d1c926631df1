import type { TProviderInput } from "../schemas";

type TOAuth2Input = NonNullable<TProviderInput["oauth2"]>;

/*
 * Every Google product shares one OAuth client and these endpoints; the entries differ only in scopes and
 * test request. `openid email` identifies the account ("connected as …") via the userinfo endpoint.
 */
export const GOOGLE_IDENTITY_SCOPES = ["openid", "email"] as const;
export const GOOGLE_USERINFO_URL = "https://openidconnect.googleapis.com/v1/userinfo";

export function googleOAuth2(options: {
  scopes: string[];
  available?: string[];
  testRequest: TOAuth2Input["testRequest"];
}): TOAuth2Input {
  const defaults = [...GOOGLE_IDENTITY_SCOPES, ...options.scopes];
  return {
    authorizationUrl: "https://accounts.google.com/o/oauth2/v2/auth",
    tokenUrl: "https://oauth2.googleapis.com/token",
    revocationUrl: "https://oauth2.googleapis.com/revoke",
    userInfoUrl: GOOGLE_USERINFO_URL,
    // Google returns `iss` on the authorization response (RFC 9207).
    issuer: "https://accounts.google.com",
    scopes: {
      default: defaults,
      separator: " ",
      available: [...new Set([...defaults, ...(options.available ?? [])])],
    },
    // offline + consent: Google only issues a refresh token on a consented offline grant.
    extraAuthorizationParams: { access_type: "offline", prompt: "consent" },
    tokenEndpointAuth: "client_secret_post",
    pkce: true,
    refresh: "refresh_token",
    testRequest: options.testRequest,
  };
}

export const GOOGLE_DOCS_URL = "https://developers.google.com/identity/protocols/oauth2/web-server";
