// Run one tool on one connection, as the caller. Order of events (nothing reaches the provider before step 6):
//  1. The tool exists (404 otherwise).
//  2. The connection is visible to the caller (tenancy in the query: another team's id is 404, never 403).
//  3. The tool serves the connection's provider (400 with both names).
//  4. The connection is usable (not pending, disabled, needs re-auth or revoked: 409 with what to do).
//  5. A write tool needs an API key with `tools:write`; the connection's granted OAuth scopes cover the tool's
//     required scopes (403 listing the missing ones).
//  6. The input is parsed by the tool's zod schema (422 with field paths), then `run` makes its requests through
//     the proxy core (tool-context.ts).
//  7. The output is checked by the tool's output schema: a tool never hands out a shape it did not declare (a
//     mismatch is our bug: a masked 500, logged).
//  8. One audit entry: tool name, provider, outcome, pages, requests and partial — never the input values or the
//     output data (they are the customer's business data).
import type { TAuthContext } from "@/lib/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { getConnectionOrThrow } from "@/lib/connections/get-connection";
import { AppError, notFound, validationError } from "@/lib/errors";
import { log } from "@/lib/log";
import type { TAnyTool } from "./define-tool";
import { getTool } from "./registry";
import { missingScopes } from "./scopes";
import { createToolContext, type TToolRunStats } from "./tool-context";
import { ToolError } from "./tool-error";

export type TToolRunResult = {
  data: unknown;
  /** present when a list was cut short (max pages, time budget): the data is a prefix */
  partial?: { reason: string };
  meta: {
    tool: string;
    connection_id: string;
    provider: string;
    requests: number;
    pages: number;
    ms: number;
  };
};

export type TRunToolOptions = { requestId: string; signal?: AbortSignal; now?: () => Date };

const NOT_USABLE: Record<string, string> = {
  pending: "The connection is not connected yet; finish connecting it first.",
  disabled:
    "The connection is disabled; enable it in the dashboard (or PATCH enabled: true) to use its tools.",
  needs_reauth: "The connection needs to be reconnected; open it in the dashboard and choose Reconnect.",
  revoked: "The connection was revoked at the provider; reconnect it to use its tools.",
};

export async function runTool(
  ctx: TAuthContext,
  connectionId: string,
  name: string,
  input: unknown,
  opts: TRunToolOptions,
): Promise<TToolRunResult> {
  const tool = getTool(name);
  if (!tool) throw notFound("Tool");
  const conn = await getConnectionOrThrow(ctx, connectionId);
  if (!tool.providers.includes(conn.provider)) {
    throw new AppError("bad_request", {
      message: `${tool.name} serves ${tool.providers.join(", ")}; this connection is ${conn.provider}.`,
      details: { tool: tool.name, tool_providers: tool.providers, connection_provider: conn.provider },
    });
  }
  const unusable = NOT_USABLE[conn.status];
  if (unusable) throw new AppError("conflict", { message: unusable, details: { status: conn.status } });
  assertMayRun(ctx, tool);
  const missing = missingScopes(conn.provider, conn.auth_mode, conn.scopes, tool.requiredScopes);
  if (missing.length > 0) {
    throw new ToolError(
      "missing_scopes",
      "forbidden",
      `${tool.name} needs the ${conn.provider} scope(s) ${missing.join(", ")}, which this connection was not granted; reconnect it asking for them.`,
      { missing_scopes: missing, granted_scopes: conn.scopes, required_scopes: tool.requiredScopes },
    );
  }
  const parsed = tool.input.safeParse(input ?? {});
  if (!parsed.success) throw validationError(parsed.error, "input");

  const stats: TToolRunStats = { requests: 0, pages: 0 };
  const started = Date.now();
  const tctx = createToolContext({
    ctx,
    connection: {
      id: conn.id,
      provider: conn.provider,
      params: conn.params,
      account: conn.account,
      scopes: conn.scopes,
    },
    requestId: opts.requestId,
    stats,
    now: opts.now,
    signal: opts.signal,
  });
  const audit = (outcome: string, extra: Record<string, string | number | boolean> = {}) =>
    recordAudit(
      ctx,
      "tool.run",
      { type: "connection", id: conn.id },
      {
        tool: tool.name,
        provider: conn.provider,
        access: tool.access,
        outcome,
        requests: stats.requests,
        pages: stats.pages,
        ...(stats.partial ? { partial: stats.partial.reason } : {}),
        ...extra,
      },
    );

  let raw: unknown;
  try {
    raw = await (tool.run as (t: typeof tctx, i: unknown) => Promise<unknown>)(tctx, parsed.data);
  } catch (err) {
    await audit("failed", { error: err instanceof AppError ? err.code : "internal" });
    throw err;
  }
  const out = tool.output.safeParse(raw);
  if (!out.success) {
    log.error("tool output does not match its schema", {
      tool: tool.name,
      requestId: opts.requestId,
      issues: out.error.issues.slice(0, 5).map((i) => ({ path: i.path.join("."), message: i.message })),
    });
    await audit("failed", { error: "invalid_output" });
    throw new AppError("internal", {
      message: `The tool ${tool.name} produced an answer it did not declare. Quote request id ${opts.requestId} if you report it.`,
    });
  }
  await audit("succeeded");
  return {
    data: out.data,
    ...(stats.partial ? { partial: stats.partial } : {}),
    meta: {
      tool: tool.name,
      connection_id: conn.id,
      provider: conn.provider,
      requests: stats.requests,
      pages: stats.pages,
      ms: Date.now() - started,
    },
  };
}

/** A write tool (it changes something at the provider) needs an API key that was given `tools:write`. */
function assertMayRun(ctx: TAuthContext, tool: TAnyTool): void {
  if (tool.access !== "write" || ctx.actor.kind !== "api_key") return;
  if (!ctx.actor.scopes.includes("tools:write")) {
    throw new AppError("forbidden", {
      message: `${tool.name} changes data at the provider: the API key needs the tools:write scope.`,
      details: { missing_scopes: ["tools:write"] },
    });
  }
}
