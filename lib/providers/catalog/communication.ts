import { defineProvider } from "../schemas";

export const slack = defineProvider({
  slug: "slack",
  name: "Slack",
  description: "Post and read channel messages in a Slack workspace with a bot user.",
  category: "communication",
  logo: "/logos/slack.svg",
  docsUrl: "https://api.slack.com/authentication/oauth-v2",
  aliases: ["chat"],
  authModes: ["oauth2"],
  oauth2: {
    authorizationUrl: "https://slack.com/oauth/v2/authorize",
    tokenUrl: "https://slack.com/api/oauth.v2.access",
    // auth.revoke takes the token being revoked as its own bearer credential.
    revocationUrl: "https://slack.com/api/auth.revoke",
    revocationStyle: "api_credential",
    scopes: {
      default: ["channels:read", "channels:history", "chat:write", "users:read", "team:read"],
      separator: ",",
      available: [
        "channels:read",
        "channels:history",
        "channels:join",
        "chat:write",
        "users:read",
        "users:read.email",
        "team:read",
        "groups:read",
        "groups:history",
        "im:history",
        "app_mentions:read",
      ],
    },
    tokenEndpointAuth: "client_secret_post",
    // Slack does not document PKCE for confidential web apps.
    pkce: false,
    // Refresh tokens exist only when the app enables token rotation; otherwise bot tokens never expire.
    refresh: "refresh_token",
    testRequest: {
      method: "POST",
      url: "https://slack.com/api/auth.test",
      expectJson: { path: "ok", equals: true },
    },
    hooks: { parseTokenResponse: "slack_oauth_v2" },
  },
  api: {
    baseUrl: "https://slack.com/api",
    auth: { type: "bearer" },
  },
  webhooks: {
    events: ["app_mention", "message.channels", "member_joined_channel"],
    // https://api.slack.com/authentication/verifying-requests-from-slack — "v0=" + hex HMAC-SHA256 of
    // "v0:<X-Slack-Request-Timestamp>:<body>" with the app's signing secret; reject timestamps older than 5 min.
    signature: {
      header: "X-Slack-Signature",
      encoding: "hex",
      format: { type: "plain", prefix: "v0=" },
      signedPayload: "v0:{timestamp}:{body}",
      timestamp: { from: "header", name: "X-Slack-Request-Timestamp", toleranceSeconds: 300 },
      secret: "webhook_secret",
    },
    tenant: { from: "body", name: "team_id", connectionField: "metadata.team.id" },
    // Retries (X-Slack-Retry-Num) carry the same event_id.
    deliveryId: { from: "body", name: "event_id" },
    eventType: { from: "body", name: "event.type" },
    // One Events API URL per app: Slack disables an app's event subscriptions when most deliveries fail, so a
    // workspace we do not know is answered 200 (ignored), never an error.
    unknownTenant: "ignore",
    handshakes: [
      // Signed like every delivery: the challenge is echoed only once the signature verified.
      {
        kind: "echo",
        when: { path: "type", equals: "url_verification" },
        value: "challenge",
        replyKey: "challenge",
      },
    ],
    setupNote:
      "Slack: paste the URL as the Events API request URL; Slack's url_verification challenge is answered once the signing secret is added here.",
  },
});

export const discord = defineProvider({
  slug: "discord",
  name: "Discord",
  description: "Read the Discord servers, channels and messages a user or bot can access.",
  category: "communication",
  logo: "/logos/discord.svg",
  docsUrl: "https://discord.com/developers/docs/topics/oauth2",
  aliases: ["chat", "community"],
  authModes: ["oauth2"],
  oauth2: {
    authorizationUrl: "https://discord.com/oauth2/authorize",
    tokenUrl: "https://discord.com/api/oauth2/token",
    revocationUrl: "https://discord.com/api/oauth2/token/revoke",
    scopes: {
      default: ["identify", "guilds"],
      separator: " ",
      available: ["identify", "email", "guilds", "guilds.members.read", "bot", "messages.read"],
    },
    tokenEndpointAuth: "client_secret_basic",
    // Unsure whether Discord honours PKCE for confidential clients, so it is not sent.
    pkce: false,
    refresh: "refresh_token",
    testRequest: { method: "GET", url: "https://discord.com/api/v10/users/@me" },
  },
  api: {
    baseUrl: "https://discord.com/api/v10",
    auth: { type: "bearer" },
  },
  webhooks: {
    events: ["APPLICATION_AUTHORIZED", "APPLICATION_DEAUTHORIZED", "ENTITLEMENT_CREATE"],
    // https://discord.com/developers/docs/events/webhook-events — Ed25519 signature (hex, X-Signature-Ed25519) of
    // X-Signature-Timestamp + raw body, checked with the application's public key; the PING (type 0) sent when
    // the URL is saved is answered 204 once verified. Discord names no window: 5 min here. No event id.
    signature: {
      algorithm: "ed25519",
      header: "X-Signature-Ed25519",
      encoding: "hex",
      format: { type: "plain" },
      signedPayload: "{timestamp}{body}",
      timestamp: { from: "header", name: "X-Signature-Timestamp", toleranceSeconds: 300 },
      secret: "public_key",
    },
    eventType: { from: "body", name: "event.type" },
    handshakes: [{ kind: "reply", when: { path: "type", equals: 0 }, status: 204 }],
    setupNote:
      "Discord: add the application's Public Key (General Information) here, then paste the URL as the Webhook Events URL; Discord's PING is answered once the key is stored.",
  },
});

export const communicationProviders = [slack, discord];
