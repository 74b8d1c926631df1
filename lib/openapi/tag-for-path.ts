// One tag per feature, from the first path segment after /api/v1 (a route's `docs.tags` overrides it).
const TAGS: Record<string, string> = {
  accounts: "Accounts",
  "api-keys": "API keys",
  "audit-log": "Audit log",
  brands: "Brands",
  connect: "Connect",
  "connect-sessions": "Connect",
  connections: "Connections",
  events: "Events",
  me: "Me",
  openapi: "Meta",
  "openapi.json": "Meta",
  partner: "Partner",
  providers: "Providers",
  proxy: "Proxy",
  team: "Team",
  teams: "Tiers",
  tiers: "Tiers",
  tools: "Tools",
  usage: "Usage",
  "webhook-endpoints": "Webhooks",
  webhooks: "Inbound webhooks",
};

export function tagForPath(path: string): string {
  const segments = path.split("/").filter(Boolean).slice(2); // "api", "v1"
  if (segments[0] === "connections" && segments[2] === "proxy") return "Proxy";
  if (segments[0] === "connections" && segments[2] === "request") return "Proxy";
  if (segments[0] === "connections" && segments[2] === "credentials") return "Credentials";
  if (segments[0] === "connections" && segments[2] === "inbound-webhooks") return "Inbound webhooks";
  const first = segments[0] ?? "";
  return (
    TAGS[first] ??
    first.replace(/(^|-)(\w)/g, (_m: string, sep: string, c: string) => (sep ? " " : "") + c.toUpperCase())
  );
}
