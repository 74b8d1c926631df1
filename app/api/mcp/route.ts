// MCP (Streamable HTTP, stateless, JSON answers) for agents: lib/mcp. Authenticated by API key like /api/v1.
import { handleMcpOther, handleMcpPost } from "@/lib/mcp/handle-mcp-request";

export const dynamic = "force-dynamic";

export const POST = (req: Request) => handleMcpPost(req);
export { handleMcpOther as GET, handleMcpOther as DELETE };
