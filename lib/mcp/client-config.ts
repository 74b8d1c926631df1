// The client configurations the dashboard shows (API keys → MCP server) and the README repeats. Placeholders
// only: a real key is never put into a page, and the user pastes theirs.
export const MCP_PATH = "/api/mcp";
export const KEY_PLACEHOLDER = "<your Patchbay API key>";

export type TMcpClientConfig = { id: string; title: string; where: string; text: string };

const json = (v: unknown) => JSON.stringify(v, null, 2);

export function mcpClientConfigs(serverUrl: string): TMcpClientConfig[] {
  // mcp-remote refuses plain http:// except on localhost unless told otherwise.
  const insecure =
    /^http:\/\//.test(serverUrl) && !/^http:\/\/(localhost|127\.0\.0\.1)(:|\/)/.test(serverUrl);
  return [
    {
      id: "generic",
      title: "mcp.json (Cursor, Claude Code, VS Code and other Streamable HTTP clients)",
      where: '.cursor/mcp.json, .mcp.json — VS Code calls the top-level key "servers"',
      text: json({
        mcpServers: {
          patchbay: { type: "http", url: serverUrl, headers: { Authorization: `Bearer ${KEY_PLACEHOLDER}` } },
        },
      }),
    },
    {
      id: "claude-desktop",
      title: "Claude Desktop (through the mcp-remote bridge)",
      where: "claude_desktop_config.json",
      text: json({
        mcpServers: {
          patchbay: {
            command: "npx",
            args: [
              "-y",
              "mcp-remote",
              serverUrl,
              ...(insecure ? ["--allow-http"] : []),
              "--header",
              "Authorization:${PATCHBAY_AUTH}",
            ],
            env: { PATCHBAY_AUTH: `Bearer ${KEY_PLACEHOLDER}` },
          },
        },
      }),
    },
  ];
}

/** For the dashboard's list: each core tool and the API-key scope it needs. */
export const MCP_CORE_TOOLS: { name: string; scope: string; summary: string }[] = [
  { name: "list_connectors", scope: "providers:read", summary: "the catalog" },
  { name: "list_connections", scope: "connections:read", summary: "connections, filtered and paged" },
  {
    name: "start_connector_oauth",
    scope: "connections:write",
    summary: "a sign-in URL for the user + grant id",
  },
  { name: "get_connector_status", scope: "connections:read", summary: "poll a grant or a connection" },
  { name: "test_connection", scope: "connections:write", summary: "check the credentials with the provider" },
  { name: "proxy_request", scope: "connections:proxy", summary: "call the provider's API" },
];
