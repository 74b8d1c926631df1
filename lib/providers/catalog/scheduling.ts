import { defineProvider } from "../schemas";

export const calendly = defineProvider({
  slug: "calendly",
  name: "Calendly",
  description: "Read Calendly event types and scheduled events.",
  category: "scheduling",
  logo: "/logos/calendly.svg",
  docsUrl: "https://developer.calendly.com/create-a-developer-account",
  aliases: ["meetings", "booking"],
  authModes: ["oauth2", "api_key"],
  oauth2: {
    authorizationUrl: "https://auth.calendly.com/oauth/authorize",
    tokenUrl: "https://auth.calendly.com/oauth/token",
    revocationUrl: "https://auth.calendly.com/oauth/revoke",
    // Calendly grants the app's configured access; no scope parameter is needed.
    scopes: { default: [], separator: " " },
    tokenEndpointAuth: "client_secret_post",
    // Calendly asks every OAuth app, web or native, to use PKCE with S256
    // (https://developer.calendly.com/creating-an-oauth-app).
    pkce: true,
    // Access tokens last 2 hours.
    refresh: "refresh_token",
    testRequest: { method: "GET", url: "https://api.calendly.com/users/me" },
  },
  apiKey: {
    label: "Personal access token",
    instructions: "Integrations & apps → API and webhooks → Generate new token.",
    helpUrl: "https://calendly.com/integrations/api_webhooks",
    pattern: "^[A-Za-z0-9._-]{40,}$",
    verify: { method: "GET", url: "https://api.calendly.com/users/me" },
  },
  api: {
    baseUrl: "https://api.calendly.com",
    auth: { type: "bearer" },
  },
  webhooks: {
    events: ["invitee.created", "invitee.canceled"],
    // developer.calendly.com, "Webhook signatures" — Calendly-Webhook-Signature:
    // t=<unix>,v1=<hex HMAC-SHA256 of "t.body"> with the subscription's signing key; Calendly's example allows 3 min.
    signature: {
      header: "Calendly-Webhook-Signature",
      encoding: "hex",
      format: { type: "pairs", signatureKey: "v1", timestampKey: "t" },
      signedPayload: "{timestamp}.{body}",
      timestamp: { from: "signature", toleranceSeconds: 180 },
      secret: "webhook_secret",
    },
    eventType: { from: "body", name: "event" },
  },
});

export const schedulingProviders = [calendly];
