// POST /api/mcp: MCP over Streamable HTTP, stateless and answered in JSON (no session id, no SSE stream). Every
// POST carries the API key and is complete in itself, so any instance behind a load balancer can answer it and
// nothing is kept in memory between requests; the price is no server-initiated messages (Patchbay sends none:
// progress is polled with get_connector_status).
//
// The HTTP edge is defineRoute's (API key, per-key and tier rate limits, the 1 MB JSON body reader, request id,
// one error shape): a missing or bad key is a 401 with a Bearer challenge, unparsable JSON a 400, and the SDK
// transport's own refusals (not JSON-RPC, a wrong Accept or protocol version) are 4xx in the same shape, never a
// 500. Inside, JSON-RPC errors (unknown method, bad tool arguments) are JSON-RPC answers, as the protocol has them.
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { z } from "zod";
import { AppError, type TErrorCode } from "@/lib/errors";
import { defineRoute } from "@/lib/http/define-route";
import { log } from "@/lib/log";
import { ACCOUNT_HEADER } from "@/lib/partners/account-header";
import { createMcpServer } from "./create-server";

const TRANSPORT_CODES: Record<number, TErrorCode> = {
  404: "not_found",
  405: "method_not_allowed",
  413: "payload_too_large",
  415: "unsupported_media_type",
};

/** A 4xx of the SDK transport (a JSON-RPC error body) as an AppError in our shape, its JSON-RPC code kept. */
async function transportRefusal(res: Response): Promise<AppError> {
  let rpc: { error?: { code?: number; message?: string } } = {};
  try {
    rpc = (await res.json()) as typeof rpc;
  } catch {
    // no JSON body: the status says enough
  }
  return new AppError(TRANSPORT_CODES[res.status] ?? "bad_request", {
    message: rpc.error?.message ?? `The MCP request was refused (HTTP ${res.status}).`,
    details: {
      http_status: res.status,
      ...(rpc.error?.code === undefined ? {} : { jsonrpc_code: rpc.error.code }),
    },
  });
}

const post = defineRoute(
  // Each tool checks its own scopes (a refusal is a tool error naming the scope), so any live key may connect.
  { auth: "api_key", body: z.json() },
  async ({ req, ctx, body, requestId }) => {
    // JSON-RPC 2.0: an empty batch is an invalid request (the transport would accept it as "nothing to answer").
    if (Array.isArray(body) && body.length === 0)
      throw new AppError("bad_request", { message: "An empty batch is not a JSON-RPC request." });
    const server = await createMcpServer({
      auth: ctx,
      accountExternalId: req.headers.get(ACCOUNT_HEADER)?.trim() ?? null,
      requestId,
      signal: req.signal,
    });
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    transport.onerror = (error) => log.info("mcp request refused", { requestId, reason: error.message });
    await server.connect(transport);
    try {
      const res = await transport.handleRequest(req, { parsedBody: body });
      if (res.status >= 400) throw await transportRefusal(res);
      res.headers.set("cache-control", "no-store");
      return res;
    } finally {
      await server.close();
    }
  },
);

/** RFC 6750: a 401 names the scheme; `invalid_token` when a key was sent and refused. */
export async function handleMcpPost(req: Request): Promise<Response> {
  const res = await post(req);
  if (res.status === 401) {
    const sent = req.headers.has("authorization");
    res.headers.set(
      "www-authenticate",
      `Bearer realm="patchbay"${sent ? ', error="invalid_token", error_description="Invalid API key"' : ""}`,
    );
  }
  return res;
}

/** GET (an SSE stream) and DELETE (a session) do not exist in stateless mode: 405, as the transport spec allows. */
export const handleMcpOther = defineRoute({ auth: "public" }, async () => {
  throw new AppError("method_not_allowed", {
    message: "This MCP server is stateless: send JSON-RPC messages with POST.",
    headers: { allow: "POST" },
  });
});
