// One McpServer per MCP request (stateless Streamable HTTP, lib/mcp/handle-mcp-request.ts): built for the caller's
// context, with every registrar of registrars.ts run on it. Nothing is kept between requests.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { TMcpContext } from "./context";
import { MCP_REGISTRARS } from "./registrars";

export type { TMcpContext } from "./context";

export const MCP_SERVER_INFO = { name: "patchbay", version: "1.0.0" } as const;

export async function createMcpServer(ctx: TMcpContext): Promise<McpServer> {
  const server = new McpServer(MCP_SERVER_INFO, {
    capabilities: { tools: {} },
    instructions:
      "Patchbay holds the user's connections to third-party APIs. Find a connection with list_connections; if " +
      "there is none, start_connector_oauth gives a URL the user must open, then poll get_connector_status " +
      "with the grant_id until it is connected; call the provider's API with proxy_request.",
  });
  for (const register of MCP_REGISTRARS) await register(server, ctx);
  return server;
}
