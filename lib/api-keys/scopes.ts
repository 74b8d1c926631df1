export const API_SCOPES = [
  "brands:read",
  "brands:write",
  "api_keys:read",
  "api_keys:write",
  "connections:read",
  "connections:write",
  "connections:proxy",
  "connections:credentials",
  "providers:read",
  "providers:write",
  "audit:read",
  "webhooks:read",
  "webhooks:write",
  "partner:read",
  "partner:write",
  "accounts:read",
  "accounts:write",
  "tools:read",
  "tools:run",
  "tools:write",
] as const;
export type TApiScope = (typeof API_SCOPES)[number];

export const SCOPE_DESCRIPTIONS: Record<TApiScope, string> = {
  "brands:read": "List brands",
  "brands:write": "Create, rename and delete brands",
  "api_keys:read": "List API keys (never their secrets)",
  "api_keys:write": "Create and revoke API keys (only with scopes this key has)",
  "connections:read": "List connections and their status",
  "connections:write": "Start connect flows, create and disconnect connections",
  "connections:proxy": "Call the provider's API through a connection (the proxy; may write at the provider)",
  "connections:credentials": "Read a connection's live access token or key (every read is audited)",
  "providers:read": "Read the connector catalog",
  "providers:write": "Add custom providers and OAuth apps",
  "audit:read": "Read the audit log",
  "webhooks:read": "List webhook endpoints (never their secrets), events and delivery attempts",
  "webhooks:write": "Create, change, pause and delete webhook endpoints, rotate secrets, send tests, replay",
  "partner:read": "Read the partner profile (branding, redirect origins, default providers)",
  "partner:write": "Turn partner mode on or off and change the partner profile",
  "accounts:read": "List and read connected accounts (partner mode)",
  "accounts:write": "Create, change and delete connected accounts (deleting one disconnects its connections)",
  "tools:read": "List the tools connections enable (names, descriptions, input and output schemas)",
  "tools:run": "Run read tools on a connection (orders, revenue, MRR, campaigns …) — reads only",
  "tools:write": "Run tools that change data at the provider (post a Slack message); needs tools:run as well",
};

/** Never granted unless asked for by name: a key with it can take a connection's secret out of Patchbay. */
export const SCOPES_NOT_BY_DEFAULT: readonly TApiScope[] = ["connections:credentials"];
