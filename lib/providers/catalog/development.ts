import { defineProvider } from "../schemas";

export const github = defineProvider({
  slug: "github",
  name: "GitHub",
  description: "Read repositories, pull requests, CI runs and deployments on GitHub.",
  category: "development",
  logo: "/logos/github.svg",
  docsUrl: "https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps",
  aliases: ["git", "repositories"],
  authModes: ["oauth2"],
  oauth2: {
    // The same endpoints serve OAuth Apps and GitHub Apps' user-to-server tokens.
    authorizationUrl: "https://github.com/login/oauth/authorize",
    tokenUrl: "https://github.com/login/oauth/access_token",
    // Revokes only this token, so other connections of the same user keep working.
    revocationUrl: "https://api.github.com/applications/{client_id}/token",
    userInfoUrl: "https://api.github.com/user",
    scopes: {
      default: ["repo", "read:org", "read:user"],
      separator: " ",
      available: [
        "repo",
        "read:org",
        "read:user",
        "user:email",
        "workflow",
        "repo:status",
        "repo_deployment",
      ],
    },
    tokenEndpointAuth: "client_secret_post",
    // Without this header the token endpoint answers application/x-www-form-urlencoded.
    tokenRequestHeaders: { Accept: "application/json" },
    // GitHub added PKCE (S256) to the web flow for OAuth and GitHub Apps in July 2025.
    pkce: true,
    // OAuth App tokens never expire and carry no refresh token; GitHub App user tokens expire after 8 h and do.
    refresh: "refresh_token",
    testRequest: { method: "GET", url: "https://api.github.com/user" },
    hooks: { parseTokenResponse: "github_oauth", revoke: "github_delete_token" },
  },
  api: {
    baseUrl: "https://api.github.com",
    auth: { type: "bearer" },
    defaultHeaders: { Accept: "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28" },
    rateLimit: {
      remainingHeader: "X-RateLimit-Remaining",
      limitHeader: "X-RateLimit-Limit",
      resetHeader: "X-RateLimit-Reset",
      resetFormat: "epoch_seconds",
    },
  },
  webhooks: {
    events: ["push", "pull_request", "deployment_status"],
    // https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries — "sha256=" + hex
    // HMAC-SHA256 of the raw body; X-GitHub-Delivery is the delivery GUID (kept on redelivery).
    signature: {
      header: "X-Hub-Signature-256",
      encoding: "hex",
      format: { type: "plain", prefix: "sha256=" },
      signedPayload: "{body}",
      secret: "webhook_secret",
    },
    // A GitHub App's app-wide webhook names the installation; repository hooks (automatic registration) are
    // per connection.
    tenant: { from: "body", name: "installation.id", connectionField: "params.installation_id" },
    deliveryId: { from: "header", name: "X-GitHub-Delivery" },
    eventType: { from: "header", name: "X-GitHub-Event" },
    registration: "github_repo_hooks",
  },
});

export const vercel = defineProvider({
  slug: "vercel",
  name: "Vercel",
  description: "Read Vercel deployment status, domains and build logs.",
  category: "development",
  logo: "/logos/vercel.svg",
  docsUrl: "https://vercel.com/docs/rest-api",
  aliases: ["hosting", "deployments"],
  authModes: ["api_key"],
  apiKey: {
    label: "Access token",
    instructions: "Create a token in Account Settings → Tokens, scoped to the team you want to connect.",
    helpUrl: "https://vercel.com/account/settings/tokens",
    pattern: "^[A-Za-z0-9_-]{20,}$",
    verify: { method: "GET", url: "https://api.vercel.com/v2/user" },
  },
  api: {
    baseUrl: "https://api.vercel.com",
    auth: { type: "bearer" },
  },
  webhooks: {
    events: ["deployment.created", "deployment.succeeded", "deployment.error", "project.created"],
    // https://vercel.com/docs/webhooks/webhooks-api#securing-webhooks — x-vercel-signature: hex HMAC-SHA1 of the
    // raw body with the webhook's secret (an integration's webhooks: its client secret). No timestamp is signed.
    signature: {
      algorithm: "hmac-sha1",
      header: "x-vercel-signature",
      encoding: "hex",
      format: { type: "plain" },
      signedPayload: "{body}",
      secret: "webhook_secret",
    },
    deliveryId: { from: "body", name: "id" },
    eventType: { from: "body", name: "type" },
  },
});

export const railway = defineProvider({
  slug: "railway",
  name: "Railway",
  description: "Read Railway service status and deployment history.",
  category: "development",
  logo: "/logos/railway.svg",
  docsUrl: "https://docs.railway.com/reference/public-api",
  aliases: ["hosting", "deployments"],
  authModes: ["api_key"],
  apiKey: {
    label: "Account token",
    // Workspace and project tokens cannot query `me`, so the check below needs an account token.
    instructions: "Create an account token (no workspace selected) in Account Settings → Tokens.",
    helpUrl: "https://railway.com/account/tokens",
    pattern: "^[A-Za-z0-9-]{20,}$",
    verify: {
      method: "POST",
      url: "https://backboard.railway.com/graphql/v2",
      jsonBody: { query: "query { me { id } }" },
      // GraphQL answers 200 with `errors` for a bad token.
      expectJson: { path: "data.me.id" },
    },
  },
  api: {
    baseUrl: "https://backboard.railway.com/graphql/v2",
    auth: { type: "bearer" },
  },
});

export const developmentProviders = [github, vercel, railway];
