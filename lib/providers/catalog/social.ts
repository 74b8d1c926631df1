import { defineProvider } from "../schemas";

export const linkedin = defineProvider({
  slug: "linkedin",
  name: "LinkedIn",
  description: "Read a member's LinkedIn profile and publish posts on their behalf.",
  category: "social",
  logo: "/logos/linkedin.svg",
  docsUrl:
    "https://learn.microsoft.com/en-us/linkedin/consumer/integrations/self-serve/sign-in-with-linkedin-v2",
  aliases: ["social network"],
  authModes: ["oauth2"],
  oauth2: {
    authorizationUrl: "https://www.linkedin.com/oauth/v2/authorization",
    tokenUrl: "https://www.linkedin.com/oauth/v2/accessToken",
    revocationUrl: "https://www.linkedin.com/oauth/v2/revoke",
    userInfoUrl: "https://api.linkedin.com/v2/userinfo",
    scopes: {
      default: ["openid", "profile", "email", "w_member_social"],
      separator: " ",
    },
    tokenEndpointAuth: "client_secret_post",
    pkce: false,
    // Self-serve apps get 60-day access tokens and no refresh token: the member reconnects.
    refresh: "none",
    testRequest: { method: "GET", url: "https://api.linkedin.com/v2/userinfo" },
  },
  api: {
    baseUrl: "https://api.linkedin.com",
    auth: { type: "bearer" },
    // Required by the versioned /rest APIs (posts); ignored by /v2/userinfo.
    defaultHeaders: { "LinkedIn-Version": "202506", "X-Restli-Protocol-Version": "2.0.0" },
  },
  webhooks: {
    events: ["ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS", "LEAD_ACTION"],
    // https://learn.microsoft.com/linkedin/shared/api-guide/webhook-validation — X-LI-Signature: hex HMAC-SHA256,
    // with the app's client secret, of "hmacsha256=" followed by the raw body; the GET ?challengeCode= validation
    // (every 2 hours) is answered with { challengeCode, challengeResponse: hex HMAC(secret, challengeCode) }.
    signature: {
      header: "X-LI-Signature",
      encoding: "hex",
      format: { type: "plain" },
      signedPayload: "hmacsha256={body}",
      secret: "client_secret",
    },
    eventType: { from: "body", name: "type" },
    handshakes: [
      {
        kind: "hmac_challenge",
        param: "challengeCode",
        encoding: "hex",
        replyKey: "challengeResponse",
        echoKey: "challengeCode",
      },
    ],
  },
});

export const x = defineProvider({
  slug: "x",
  name: "X (Twitter)",
  description: "Read and publish posts and look up users on X, formerly Twitter.",
  category: "social",
  logo: "/logos/x.svg",
  docsUrl: "https://docs.x.com/resources/fundamentals/authentication/oauth-2-0/authorization-code",
  aliases: ["twitter", "tweets"],
  authModes: ["oauth2"],
  oauth2: {
    // x.com / api.x.com are the current hosts; the twitter.com equivalents still answer.
    authorizationUrl: "https://x.com/i/oauth2/authorize",
    tokenUrl: "https://api.x.com/2/oauth2/token",
    revocationUrl: "https://api.x.com/2/oauth2/revoke",
    scopes: {
      // offline.access is what makes X issue a refresh token.
      default: ["tweet.read", "users.read", "offline.access"],
      separator: " ",
      available: ["tweet.read", "tweet.write", "users.read", "follows.read", "like.read", "offline.access"],
    },
    tokenEndpointAuth: "client_secret_basic",
    // PKCE is mandatory on X.
    pkce: true,
    // Access tokens last 2 hours; refresh tokens rotate.
    refresh: "refresh_token",
    testRequest: { method: "GET", url: "https://api.x.com/2/users/me" },
  },
  api: {
    baseUrl: "https://api.x.com/2",
    auth: { type: "bearer" },
  },
  webhooks: {
    events: ["tweet_create_events", "favorite_events", "follow_events", "direct_message_events"],
    // https://docs.x.com/x-api/webhooks — x-twitter-webhooks-signature: "sha256=" + base64 HMAC-SHA256 of the raw
    // body with the app's consumer secret (the OAuth 1.0a API Key Secret — not the OAuth 2.0 client secret, so it
    // is stored here as a webhook secret); the CRC is a GET with crc_token answered with
    // { response_token: "sha256=" + base64 HMAC(secret, crc_token) }. Account Activity names the subscribed user.
    signature: {
      header: "x-twitter-webhooks-signature",
      encoding: "base64",
      format: { type: "plain", prefix: "sha256=" },
      signedPayload: "{body}",
      secret: "webhook_secret",
    },
    tenant: { from: "body", name: "for_user_id", connectionField: "accountIdentity.id" },
    handshakes: [
      {
        kind: "hmac_challenge",
        param: "crc_token",
        encoding: "base64",
        prefix: "sha256=",
        replyKey: "response_token",
      },
    ],
    unknownTenant: "ignore",
    setupNote:
      "X: store the app's API Key Secret (consumer secret) here, then register this URL as the webhook; X's CRC check is answered with it.",
  },
});

export const socialProviders = [linkedin, x];
