// The connector tools on the MCP server (lib/mcp): every implemented tool that the caller's usable connections
// enable, registered as its own MCP tool (its input schema plus an optional connection_id), and `call_tool`
// ({ name, connection_id?, input }) for any tool by name. Without connection_id the tool runs on the caller's one
// usable connection of its provider; with none or several, the error says what to do and lists the candidates.
// Everything runs through runTool (tenancy, status, scopes, input, output, audit) — the MCP twin of
// POST /api/v1/connections/{id}/tools/{name}; API keys need tools:run (and tools:write for a write tool).
//
// Listing the caller's connections is the only I/O at registration; if it fails, only call_tool is registered
// (a registrar must never fail the whole server).
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { TAuthContext } from "@/lib/actor";
import { listConnections } from "@/lib/connections/list-connections";
import { ZListConnectionsQuery } from "@/lib/connections/schemas";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { accountIdFromHeader, assertAccountConnection } from "@/lib/partners/account-header";
import type { TAnyTool } from "./define-tool";
import { getTool, tools as allTools } from "./registry";
import { runTool } from "./run-tool";

/** What the MCP server passes to a registrar (structurally lib/mcp/context.ts's TMcpContext). */
export type TConnectorToolsContext = {
  auth: TAuthContext;
  requestId: string;
  signal?: AbortSignal;
  accountExternalId?: string | null;
};

type TCandidate = { id: string; provider: string; label: string | null; status: string };

const USABLE = new Set(["connected", "error"]);

function accountHeaders(ctx: TConnectorToolsContext): Headers {
  return new Headers(ctx.accountExternalId ? { "x-account-id": ctx.accountExternalId } : {});
}

async function usableConnections(ctx: TConnectorToolsContext, provider?: string): Promise<TCandidate[]> {
  const accountId = await accountIdFromHeader(ctx.auth, accountHeaders(ctx));
  if (accountId === null) return [];
  const page = await listConnections(
    ctx.auth,
    ZListConnectionsQuery.parse({
      limit: 200,
      ...(provider ? { provider } : {}),
      ...(accountId ? { account_id: accountId } : {}),
    }),
  );
  return page.data
    .filter((c) => USABLE.has(c.status))
    .map((c) => ({ id: c.id, provider: c.provider, label: c.label, status: c.status }));
}

function json(data: unknown): CallToolResult {
  const structured =
    data && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : { data };
  return {
    content: [{ type: "text", text: JSON.stringify(structured, null, 2) }],
    structuredContent: structured,
  };
}

function fail(code: string, message: string, details?: unknown): CallToolResult {
  return {
    isError: true,
    content: [
      { type: "text", text: details === undefined ? message : `${message}\n${JSON.stringify(details)}` },
    ],
    structuredContent: { error: { code, message, ...(details === undefined ? {} : { details }) } },
  };
}

async function callTool(
  ctx: TConnectorToolsContext,
  name: string,
  connectionId: string | undefined,
  input: unknown,
): Promise<CallToolResult> {
  try {
    if (ctx.auth.actor.kind === "api_key" && !ctx.auth.actor.scopes.includes("tools:run")) {
      return fail(
        "forbidden",
        "This API key lacks the scope tools:run that running a tool needs; use a key with tools:run.",
        {
          missing_scopes: ["tools:run"],
        },
      );
    }
    const tool = getTool(name);
    if (!tool) {
      return fail(
        "not_found",
        `There is no tool named ${name}. Tools are named provider.action, e.g. shopify.list_orders; see tools/list.`,
      );
    }
    let id = connectionId;
    if (!id) {
      const candidates = (await Promise.all(tool.providers.map((p) => usableConnections(ctx, p)))).flat();
      if (candidates.length === 0) {
        return fail(
          "not_found",
          `No usable ${tool.providers.join(" or ")} connection: connect one first (start_connector_oauth, or the dashboard), then call ${name} again.`,
        );
      }
      if (candidates.length > 1) {
        return fail(
          "bad_request",
          `There are ${candidates.length} usable ${tool.providers.join("/")} connections: pass connection_id to say which one.`,
          { candidates },
        );
      }
      id = candidates[0]!.id;
    } else {
      await assertAccountConnection(ctx.auth, accountHeaders(ctx), id);
    }
    const result = await runTool(ctx.auth, id, name, input ?? {}, {
      requestId: ctx.requestId,
      signal: ctx.signal,
    });
    return json(result);
  } catch (err) {
    if (err instanceof AppError) return fail(err.code, err.message, err.details);
    log.error("mcp connector tool failed", { requestId: ctx.requestId, tool: name, error: err });
    return fail(
      "internal",
      `Something went wrong on our side. Quote request id ${ctx.requestId} if you report it.`,
    );
  }
}

function describeFor(tool: TAnyTool, conns: TCandidate[]): string {
  const mine = conns.filter((c) => tool.providers.includes(c.provider));
  const list = mine.map((c) => `${c.id}${c.label ? ` (${c.label})` : ""}`).join(", ");
  const which =
    mine.length === 1
      ? ` Runs on your connection ${list} unless you pass connection_id.`
      : ` Pass connection_id, one of: ${list}.`;
  return `${tool.description}${which}${tool.access === "write" ? " This tool CHANGES data at the provider." : ""}`;
}

export async function registerConnectorTools(server: McpServer, ctx: TConnectorToolsContext): Promise<void> {
  let conns: TCandidate[] = [];
  try {
    conns = await usableConnections(ctx);
  } catch (err) {
    log.warn("mcp: could not list connections for the connector tools", {
      requestId: ctx.requestId,
      error: err,
    });
  }
  const providers = new Set(conns.map((c) => c.provider));
  for (const tool of allTools.filter((t) => t.providers.some((p) => providers.has(p)))) {
    if (!(tool.input instanceof z.ZodObject)) continue; // call_tool still runs it
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: describeFor(tool, conns),
        inputSchema: tool.input.extend({
          connection_id: z.string().min(1).max(64).optional().describe("Which connection to use"),
        }),
        annotations: { readOnlyHint: tool.access === "read", openWorldHint: true },
      },
      async (args: Record<string, unknown>) => {
        const { connection_id, ...input } = args;
        return callTool(ctx, tool.name, typeof connection_id === "string" ? connection_id : undefined, input);
      },
    );
  }
  server.registerTool(
    "call_tool",
    {
      title: "Run a connector tool",
      description:
        "Runs a connector tool (shopify.revenue, stripe.mrr …) by name with its input. Without connection_id it runs on your one usable connection of that provider; with several, the error lists them. " +
        `Implemented tools: ${allTools.map((t) => t.name).join(", ")}.`,
      inputSchema: z.object({
        name: z.string().min(3).max(100),
        connection_id: z.string().min(1).max(64).optional(),
        input: z.record(z.string(), z.unknown()).default({}),
      }),
      annotations: { openWorldHint: true },
    },
    async (args) => callTool(ctx, args.name, args.connection_id, args.input),
  );
}
