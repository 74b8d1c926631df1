import { defineProvider } from "../schemas";

export const gorgias = defineProvider({
  slug: "gorgias",
  name: "Gorgias",
  description: "Read Gorgias helpdesk tickets, response times and CSAT scores.",
  category: "support",
  logo: "/logos/gorgias.svg",
  docsUrl: "https://developers.gorgias.com/reference/authentication",
  aliases: ["helpdesk"],
  authModes: ["basic"],
  connectionParams: [
    {
      name: "domain",
      label: "Gorgias domain",
      description: "The part before .gorgias.com in your helpdesk address.",
      pattern: "^[a-z0-9][a-z0-9-]{0,62}$",
      example: "acme",
      placeholder: "your-company",
    },
  ],
  basic: {
    usernameLabel: "Email",
    passwordLabel: "API key",
    usernamePlaceholder: "you@company.com",
    instructions: "Settings → REST API shows the base URL, your username (email) and the API key.",
    helpUrl: "https://docs.gorgias.com/en-US/rest-api-208286",
    verify: { method: "GET", url: "https://{domain}.gorgias.com/api/account" },
  },
  api: {
    baseUrl: "https://{domain}.gorgias.com/api",
    auth: { type: "basic" },
  },
});

export const zendesk = defineProvider({
  slug: "zendesk",
  name: "Zendesk",
  description: "Read Zendesk Support tickets and agent performance.",
  category: "support",
  logo: "/logos/zendesk.svg",
  docsUrl: "https://developer.zendesk.com/api-reference/introduction/security-and-auth/",
  aliases: ["helpdesk", "zendesk support"],
  authModes: ["basic", "oauth2"],
  connectionParams: [
    {
      name: "subdomain",
      label: "Zendesk subdomain",
      description: "The part before .zendesk.com in your Zendesk address.",
      pattern: "^[a-z0-9][a-z0-9-]{0,62}$",
      example: "acme",
      placeholder: "your-company",
    },
  ],
  basic: {
    usernameLabel: "Agent email",
    passwordLabel: "API token",
    usernamePlaceholder: "agent@company.com",
    // API token auth is Basic `{email}/token:{api_token}`.
    usernameTemplate: "{username}/token",
    instructions: "Admin Center → Apps and integrations → Zendesk API → add an API token.",
    helpUrl: "https://support.zendesk.com/hc/en-us/articles/4408889192858",
    verify: {
      method: "GET",
      url: "https://{subdomain}.zendesk.com/api/v2/users/me.json",
      // An unauthenticated caller gets 200 with an anonymous user (id null) rather than 401.
      expectJson: { path: "user.id" },
    },
  },
  oauth2: {
    authorizationUrl: "https://{subdomain}.zendesk.com/oauth/authorizations/new",
    tokenUrl: "https://{subdomain}.zendesk.com/oauth/tokens",
    revocationUrl: "https://{subdomain}.zendesk.com/api/v2/oauth/tokens/current.json",
    revocationMethod: "DELETE",
    revocationStyle: "api_credential",
    scopes: { default: ["read"], separator: " ", available: ["read", "write", "tickets:read", "users:read"] },
    tokenEndpointAuth: "client_secret_post",
    // Confidential clients "can use PKCE and/or client secret" on the Ticketing / Help Center grant flow
    // (https://developer.zendesk.com/documentation/api-basics/authentication/oauth-pkce).
    pkce: true,
    // Tokens do not expire unless the client asks for expiring ones; we do not.
    refresh: "none",
    testRequest: {
      method: "GET",
      url: "https://{subdomain}.zendesk.com/api/v2/users/me.json",
      expectJson: { path: "user.id" },
    },
  },
  api: {
    baseUrl: "https://{subdomain}.zendesk.com/api/v2",
    auth: { type: "bearer" },
    authOverrides: { basic: { type: "basic" } },
  },
  webhooks: {
    events: ["zen:event-type:ticket.created", "zen:event-type:ticket.status_changed"],
    // https://developer.zendesk.com/documentation/webhooks/verifying/ — base64(HMAC-SHA256(timestamp + body)) with
    // the webhook's signing secret; the timestamp header is ISO 8601. Zendesk names no window: 5 min here.
    signature: {
      header: "X-Zendesk-Webhook-Signature",
      encoding: "base64",
      format: { type: "plain" },
      signedPayload: "{timestamp}{body}",
      timestamp: { from: "header", name: "X-Zendesk-Webhook-Signature-Timestamp", toleranceSeconds: 300 },
      secret: "webhook_secret",
    },
    deliveryId: { from: "header", name: "X-Zendesk-Webhook-Invocation-Id" },
    eventType: { from: "body", name: "type" },
  },
});

export const supportProviders = [gorgias, zendesk];
