// One line per feature tag of the OpenAPI document (shown as section introductions by the API reference page).
export const TAG_DESCRIPTIONS: Record<string, string> = {
  Accounts: "Partner mode: your end-customers' connected accounts (`X-Account-Id`).",
  "API keys": "Keys for programmatic access; the secret is shown once, on creation.",
  "Audit log": "Who did what, when — as JSON pages or a CSV export.",
  Brands: "Brands group connections and carry their own OAuth apps and connect-page branding.",
  Connect: "Start a connection: an OAuth grant (authorization URL) or a hosted connect session.",
  Connections: "Connected accounts at providers: list, inspect, change, test, refresh and disconnect.",
  Credentials:
    "The live access token of a connection, for callers that call the provider themselves (audited).",
  Events: "The event log of outbound webhooks: events, delivery attempts and replays.",
  "Inbound webhooks": "Webhooks providers send to Patchbay, verified by their signatures.",
  Me: "Who is calling.",
  Meta: "This document.",
  Partner: "Partner mode: branding, redirect origins and default providers of your hosted connect page.",
  Providers: "The connector catalog, custom OAuth2/OIDC providers and OAuth app settings.",
  Proxy: "Call the provider's API with the connection's credentials; Patchbay adds auth, retries and limits.",
  Team: "Team-wide settings.",
  Tiers: "Usage tiers (instance superusers).",
  Tools: "Connector tools: typed actions on a connection.",
  Usage: "Quotas and usage of the team.",
  Webhooks: "Outbound webhook endpoints that receive Patchbay's events (Standard Webhooks signatures).",
};
