import { defineProvider } from "../schemas";

/** 2025-09-03 reworked databases into data sources; stay on the widely supported version until callers migrate. */
const NOTION_VERSION = "2022-06-28";

export const notion = defineProvider({
  slug: "notion",
  name: "Notion",
  description: "Search, read and update Notion pages and databases shared with the integration.",
  category: "productivity",
  logo: "/logos/notion.svg",
  docsUrl: "https://developers.notion.com/docs/authorization",
  aliases: ["wiki", "docs"],
  authModes: ["oauth2", "api_key"],
  oauth2: {
    authorizationUrl: "https://api.notion.com/v1/oauth/authorize",
    tokenUrl: "https://api.notion.com/v1/oauth/token",
    // Notion has no scopes: capabilities are set on the integration, and the user picks pages on consent.
    scopes: { default: [], separator: " " },
    extraAuthorizationParams: { owner: "user" },
    tokenEndpointAuth: "client_secret_basic",
    tokenRequestBody: "json",
    pkce: false,
    // Newer public integrations receive refresh tokens; older tokens without one do not expire.
    refresh: "refresh_token",
    testRequest: { method: "GET", url: "https://api.notion.com/v1/users/me" },
    hooks: { parseTokenResponse: "notion_workspace" },
  },
  apiKey: {
    label: "Internal integration secret",
    placeholder: "ntn_…",
    instructions:
      "Create an internal integration at notion.so/profile/integrations, then share pages with it.",
    helpUrl: "https://www.notion.so/profile/integrations",
    pattern: "^(?:ntn_|secret_)[A-Za-z0-9]{30,}$",
    verify: { method: "GET", url: "https://api.notion.com/v1/users/me" },
  },
  api: {
    baseUrl: "https://api.notion.com/v1",
    auth: { type: "bearer" },
    defaultHeaders: { "Notion-Version": NOTION_VERSION },
  },
  webhooks: {
    events: ["page.content_updated", "page.created", "comment.created", "database.schema_updated"],
    // https://developers.notion.com/reference/webhooks — X-Notion-Signature: "sha256=" + hex HMAC-SHA256 of the
    // raw body, keyed with the subscription's verification_token. That token arrives first in an UNSIGNED POST
    // ({ "verification_token": "…" }) to be pasted back in Notion: it is parked sealed until an admin trusts it.
    signature: {
      header: "X-Notion-Signature",
      encoding: "hex",
      format: { type: "plain", prefix: "sha256=" },
      signedPayload: "{body}",
      secret: "webhook_secret",
    },
    tenant: { from: "body", name: "workspace_id", connectionField: "metadata.workspace_id" },
    deliveryId: { from: "body", name: "id" },
    eventType: { from: "body", name: "type" },
    handshakes: [{ kind: "capture_token", field: "verification_token" }],
    setupNote:
      "Notion: create the subscription with this URL; Notion then sends a verification token here. Reveal it below, paste it in Notion's Verify dialog, and trust it as the signing secret.",
  },
});

export const productivityProviders = [notion];
