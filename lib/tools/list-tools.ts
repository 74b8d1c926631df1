// The tools as callers see them: GET /api/v1/tools, the MCP server's list and the dashboard. With a connection,
// only the tools of its provider, each saying whether this connection can run it and which scopes it lacks.
import { z } from "zod";
import type { TAuthContext } from "@/lib/actor";
import { getConnectionOrThrow } from "@/lib/connections/get-connection";
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, type TPage } from "@/lib/pagination";
import { inputJsonSchema, outputJsonSchema, type TAnyTool } from "./define-tool";
import { tools as allTools } from "./registry";
import { missingScopes } from "./scopes";

export type TToolView = {
  name: string;
  title: string;
  description: string;
  providers: string[];
  access: "read" | "write";
  required_scopes: string[];
  input_schema: Record<string, unknown>;
  output_schema: Record<string, unknown>;
  /** with a connection: whether it can run this tool now, and what it lacks */
  connection?: { id: string; runnable: boolean; missing_scopes: string[] };
};

export function toToolView(t: TAnyTool): TToolView {
  return {
    name: t.name,
    title: t.title,
    description: t.description,
    providers: [...t.providers],
    access: t.access,
    required_scopes: [...t.requiredScopes],
    input_schema: inputJsonSchema(t),
    output_schema: outputJsonSchema(t),
  };
}

const USABLE = new Set(["connected", "error"]);

export async function listTools(
  ctx: TAuthContext,
  filter: { provider?: string; connectionId?: string } = {},
): Promise<TToolView[]> {
  let list = allTools.filter((t) => !filter.provider || t.providers.includes(filter.provider));
  if (!filter.connectionId) return list.map(toToolView);
  const conn = await getConnectionOrThrow(ctx, filter.connectionId);
  list = list.filter((t) => t.providers.includes(conn.provider));
  return list.map((t) => {
    const missing = missingScopes(conn.provider, conn.auth_mode, conn.scopes, t.requiredScopes);
    return {
      ...toToolView(t),
      connection: {
        id: conn.id,
        runnable: USABLE.has(conn.status) && missing.length === 0,
        missing_scopes: missing,
      },
    };
  });
}

// GET /api/v1/tools pages like every list ({ data, next_cursor }); tools are not rows, so the cursor is the last
// tool name of the previous page (base64url), in name order.
const decodeName = (s: string) => Buffer.from(s, "base64url").toString("utf8");

export const ZListToolsQuery = z
  .object({
    provider: z.string().min(1).max(64).optional(),
    connection_id: z.string().min(1).max(64).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).default(DEFAULT_PAGE_LIMIT),
    cursor: z
      .string()
      .max(200)
      .refine(
        (c) => /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/.test(decodeName(c)),
        "Not a cursor returned by this endpoint.",
      )
      .optional(),
  })
  .strict();

export async function listToolsPage(
  ctx: TAuthContext,
  q: z.output<typeof ZListToolsQuery>,
): Promise<TPage<TToolView>> {
  const all = await listTools(ctx, { provider: q.provider, connectionId: q.connection_id });
  const after = q.cursor ? decodeName(q.cursor) : null;
  const rest = after ? all.filter((t) => t.name > after) : all;
  const data = rest.slice(0, q.limit);
  const last = data.at(-1);
  return {
    data,
    next_cursor: rest.length > q.limit && last ? Buffer.from(last.name).toString("base64url") : null,
  };
}
