import { defineProvider } from "../schemas";

/**
 * A local oidc-provider server (e2e/fixtures) that behaves like a well-mannered OAuth 2.0 provider. Its
 * address is an app setting so the same entry works on any port.
 */
export const sandbox = defineProvider({
  slug: "sandbox",
  name: "Sandbox",
  description: "A local OpenID Connect test server for trying the connect flow without a real provider.",
  category: "sandbox",
  logo: "/logos/sandbox.svg",
  aliases: ["test", "oidc", "local"],
  authModes: ["oauth2"],
  appSettings: [
    {
      name: "issuer",
      label: "Issuer URL",
      description: "Base URL of the test server, without a trailing slash.",
      pattern: "^https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~-]+)*$",
      example: "http://127.0.0.1:4010",
    },
  ],
  oauth2: {
    authorizationUrl: "{issuer}/auth",
    tokenUrl: "{issuer}/token",
    revocationUrl: "{issuer}/token/revocation",
    userInfoUrl: "{issuer}/me",
    issuer: "{issuer}",
    requireIss: true,
    scopes: { default: ["openid", "email", "offline_access"], separator: " " },
    extraAuthorizationParams: { prompt: "consent" },
    tokenEndpointAuth: "client_secret_basic",
    pkce: true,
    refresh: "refresh_token",
    testRequest: { method: "GET", url: "{issuer}/me" },
  },
  api: {
    baseUrl: "{issuer}",
    auth: { type: "bearer" },
  },
});
