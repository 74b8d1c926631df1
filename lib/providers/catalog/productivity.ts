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
  tools: [
    { name: "pages", description: "Search, read and update pages and blocks." },
    { name: "databases", description: "Query databases and create entries." },
  ],
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
});

export const productivityProviders = [notion];
