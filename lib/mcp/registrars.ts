// The seam: every feature that adds MCP tools lists its registrar here — the core tools, then the connector tools
// of lib/tools/ (the tools of the caller's usable connections and call_tool). createMcpServer runs them in this
// order for every request; a registrar must not do I/O that fails the whole server — tools check and fail on
// their own when called.
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { TMcpContext } from "./context";
import { registerConnectorTools } from "@/lib/tools/mcp-registrar";
import { registerCoreTools } from "./core-tools";

export type TMcpRegistrar = (server: McpServer, ctx: TMcpContext) => void | Promise<void>;

export const MCP_REGISTRARS: TMcpRegistrar[] = [registerCoreTools, registerConnectorTools];
