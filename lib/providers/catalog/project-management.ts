import { defineProvider } from "../schemas";

export const jira = defineProvider({
  slug: "jira",
  name: "Jira",
  description: "Read and create Jira Cloud projects and issues.",
  category: "project_management",
  logo: "/logos/jira.svg",
  docsUrl: "https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps/",
  aliases: ["atlassian", "issues", "tickets"],
  authModes: ["oauth2"],
  // No site field: the Jira site (cloud id) is discovered after the token exchange.
  oauth2: {
    authorizationUrl: "https://auth.atlassian.com/authorize",
    tokenUrl: "https://auth.atlassian.com/oauth/token",
    // Atlassian 3LO has no token revocation endpoint; users remove the app under Connected apps.
    scopes: {
      default: ["read:jira-work", "read:jira-user", "offline_access"],
      separator: " ",
      available: [
        "read:jira-work",
        "read:jira-user",
        "write:jira-work",
        "manage:jira-project",
        "offline_access",
      ],
    },
    extraAuthorizationParams: { audience: "api.atlassian.com", prompt: "consent" },
    tokenEndpointAuth: "client_secret_post",
    tokenRequestBody: "json",
    // Atlassian 3LO does not support PKCE.
    pkce: false,
    // Rotating refresh tokens (offline_access); access tokens last an hour.
    refresh: "refresh_token",
    testRequest: { method: "GET", url: "https://api.atlassian.com/ex/jira/{cloud_id}/rest/api/3/myself" },
    hooks: { afterToken: "atlassian_cloud_id" },
  },
  api: {
    baseUrl: "https://api.atlassian.com/ex/jira/{cloud_id}/rest/api/3",
    auth: { type: "bearer" },
  },
  webhooks: {
    events: ["jira:issue_created", "jira:issue_updated", "comment_created"],
    // https://developer.atlassian.com/cloud/jira/platform/webhooks/#secure-admin-webhooks — admin webhooks saved
    // with a secret: X-Hub-Signature "sha256=" + hex HMAC-SHA256 of the raw body (WebSub style). Webhooks an
    // OAuth/Connect app registers are signed with a JWT instead and are not accepted here (fail closed).
    // X-Atlassian-Webhook-Identifier stays the same on retries.
    signature: {
      header: "X-Hub-Signature",
      encoding: "hex",
      format: { type: "plain", prefix: "sha256=" },
      signedPayload: "{body}",
      secret: "webhook_secret",
    },
    deliveryId: { from: "header", name: "X-Atlassian-Webhook-Identifier" },
    eventType: { from: "body", name: "webhookEvent" },
  },
});

export const linear = defineProvider({
  slug: "linear",
  name: "Linear",
  description: "Read and create Linear issues, projects and teams.",
  category: "project_management",
  logo: "/logos/linear.svg",
  docsUrl: "https://linear.app/developers/oauth-2-0-authentication",
  aliases: ["issues", "tickets"],
  authModes: ["oauth2"],
  oauth2: {
    authorizationUrl: "https://linear.app/oauth/authorize",
    tokenUrl: "https://api.linear.app/oauth/token",
    // Revoked by calling it with the token as bearer.
    revocationUrl: "https://api.linear.app/oauth/revoke",
    revocationStyle: "api_credential",
    scopes: {
      default: ["read"],
      separator: ",",
      available: ["read", "write", "issues:create", "comments:create"],
    },
    tokenEndpointAuth: "client_secret_post",
    pkce: true,
    // Linear moved OAuth apps to 24 h access tokens with refresh tokens in 2025; older long-lived tokens have none.
    refresh: "refresh_token",
    testRequest: {
      method: "POST",
      url: "https://api.linear.app/graphql",
      jsonBody: { query: "{ viewer { id } }" },
      expectJson: { path: "data.viewer.id" },
    },
  },
  api: {
    baseUrl: "https://api.linear.app/graphql",
    auth: { type: "bearer" },
  },
  webhooks: {
    events: ["Issue", "Comment", "Project"],
    // https://linear.app/developers/webhooks — Linear-Signature: hex HMAC-SHA256 of the raw body with the
    // webhook's signing secret; the signed body's webhookTimestamp (ms) must be within a minute.
    signature: {
      header: "Linear-Signature",
      encoding: "hex",
      format: { type: "plain" },
      signedPayload: "{body}",
      timestamp: { from: "body", name: "webhookTimestamp", unit: "ms", toleranceSeconds: 60 },
      secret: "webhook_secret",
    },
    deliveryId: { from: "header", name: "Linear-Delivery" },
    eventType: { from: "header", name: "Linear-Event" },
  },
});

export const projectManagementProviders = [jira, linear];
