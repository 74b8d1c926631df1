// What a tool answers. A result is JSON (as text for every client, and as structuredContent); a failure is an
// isError result in our error shape, said so that an agent can act on it ("this key lacks connections:proxy",
// "the user must reconnect: open …"). Errors never carry a stack trace or a secret: known errors (AppError and
// the domain's typed errors) keep their message, anything else is logged and masked with the request id — the
// same rule as lib/http/to-error-response.ts.
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { TApiScope } from "@/lib/api-keys/scopes";
import { toAppError } from "@/lib/http/to-error-response";
import { log } from "@/lib/log";
import type { TMcpContext } from "./context";

export type TToolResult = CallToolResult;

const asObject = (data: unknown): Record<string, unknown> =>
  data && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : { data };

export function jsonResult(data: unknown): TToolResult {
  const structured = asObject(data);
  return {
    content: [{ type: "text", text: JSON.stringify(structured, null, 2) }],
    structuredContent: structured,
  };
}

export function toolError(code: string, message: string, details?: unknown): TToolResult {
  const error = { code, message, ...(details === undefined ? {} : { details }) };
  return {
    isError: true,
    content: [
      { type: "text", text: details === undefined ? message : `${message}\n${JSON.stringify(details)}` },
    ],
    structuredContent: { error },
  };
}

/** The tool's scopes, checked against the key's; a refusal names what is missing and where to get it. */
export function missingScopes(ctx: TMcpContext, scopes: readonly TApiScope[]): TApiScope[] {
  if (ctx.auth.actor.kind !== "api_key") return [];
  const held = new Set(ctx.auth.actor.scopes);
  return scopes.filter((s) => !held.has(s));
}

/**
 * Runs a tool body as the caller: scopes first (nothing is read without them), then the body; any thrown error
 * becomes an isError result.
 */
export async function runTool(
  ctx: TMcpContext,
  tool: string,
  scopes: readonly TApiScope[],
  body: () => Promise<TToolResult>,
): Promise<TToolResult> {
  const missing = missingScopes(ctx, scopes);
  if (missing.length) {
    return toolError(
      "forbidden",
      `This API key lacks the scope ${missing.join(", ")} that ${tool} needs. Use a key with ${missing.join(
        " and ",
      )} (an admin creates one under API keys).`,
      { missing_scopes: missing },
    );
  }
  try {
    return await body();
  } catch (err) {
    const known = toAppError(err);
    if (known) return toolError(known.code, known.message, known.details);
    log.error("mcp tool failed", { requestId: ctx.requestId, tool, error: err });
    return toolError(
      "internal",
      `Something went wrong on our side. Quote request id ${ctx.requestId} if you report it.`,
    );
  }
}
