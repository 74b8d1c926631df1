import { defineProvider } from "../schemas";

/** Klaviyo dates its API revisions; each is supported for two years. */
const KLAVIYO_REVISION = "2025-07-15";

export const klaviyo = defineProvider({
  slug: "klaviyo",
  name: "Klaviyo",
  description: "Read Klaviyo email and SMS campaigns, flows, segments and their metrics.",
  category: "marketing",
  logo: "/logos/klaviyo.svg",
  docsUrl: "https://developers.klaviyo.com/en/docs/authenticate_",
  aliases: ["email marketing", "sms"],
  authModes: ["api_key", "oauth2"],
  apiKey: {
    label: "Private API key",
    placeholder: "pk_…",
    instructions: "Create a read-only private key in Settings → API keys.",
    helpUrl: "https://www.klaviyo.com/settings/account/api-keys",
    pattern: "^pk_[A-Za-z0-9]{20,}$",
    verify: { method: "GET", url: "https://a.klaviyo.com/api/accounts/" },
  },
  oauth2: {
    authorizationUrl: "https://www.klaviyo.com/oauth/authorize",
    tokenUrl: "https://a.klaviyo.com/oauth/token",
    revocationUrl: "https://a.klaviyo.com/oauth/revoke",
    scopes: {
      default: [
        "accounts:read",
        "campaigns:read",
        "flows:read",
        "lists:read",
        "segments:read",
        "metrics:read",
        "profiles:read",
      ],
      separator: " ",
    },
    tokenEndpointAuth: "client_secret_basic",
    // Klaviyo requires PKCE on every authorization request.
    pkce: true,
    refresh: "refresh_token",
    testRequest: { method: "GET", url: "https://a.klaviyo.com/api/accounts/" },
  },
  api: {
    baseUrl: "https://a.klaviyo.com/api",
    auth: { type: "bearer" },
    // Private keys use their own scheme; OAuth access tokens are plain bearer tokens.
    authOverrides: { api_key: { type: "header", name: "Authorization", prefix: "Klaviyo-API-Key" } },
    defaultHeaders: { revision: KLAVIYO_REVISION, accept: "application/vnd.api+json" },
  },
  webhooks: {
    events: ["event:klaviyo.received_email", "event:klaviyo.opened_email", "event:klaviyo.clicked_email"],
    // https://developers.klaviyo.com/en/docs/working_with_system_webhooks — Klaviyo-Signature: hex HMAC-SHA256 of
    // the raw body followed by the Klaviyo-Timestamp header, with the webhook's secret key. Bodies are batches.
    signature: {
      header: "Klaviyo-Signature",
      encoding: "hex",
      format: { type: "plain" },
      signedPayload: "{body}{timestamp}",
      timestamp: { from: "header", name: "Klaviyo-Timestamp", toleranceSeconds: 300 },
      secret: "webhook_secret",
    },
    eventType: { from: "body", name: "data.0.topic" },
  },
});

export const marketingProviders = [klaviyo];
