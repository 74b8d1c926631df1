// proxy_request: one call through the proxy core (lib/proxy/proxy-request.ts) — the same tier quota, per-key and
// per-connection limits, throttle, outbound guard, refresh-on-401, usage counting and log line as the REST proxy —
// read into a bounded answer an agent can hold: status, a few headers, the body (JSON parsed) up to 64 KB.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { assertAccountConnection, resolveAccountConnection } from "@/lib/partners/account-header";
import { ZProxyJsonRequest } from "@/lib/proxy/json-request";
import { PATCHBAY_ERROR_HEADER, proxyRequest } from "@/lib/proxy/proxy-request";
import { accountHeaders, type TMcpContext } from "./context";
import { actionFor } from "./reconnect-hint";
import { jsonResult, toolError, type TToolResult } from "./tool-result";

export const MCP_PROXY_BODY_LIMIT = 64 * 1024;

const ZQueryValue = z.union([z.string().max(2000), z.array(z.string().max(2000)).max(50)]);

/** The JSON form of the proxy (ZProxyJsonRequest: method, url, headers, data) with the query as an object. */
export const ZMcpProxyInput = z
  .strictObject({
    connection_id: z.string().min(1).max(64).optional(),
    provider: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe("with X-Account-Id instead of connection_id: that account's connection of this provider"),
    method: ZProxyJsonRequest.shape.method,
    path: ZProxyJsonRequest.shape.url.describe("relative to the provider's API base, e.g. /me"),
    query: z.record(z.string().min(1).max(200), ZQueryValue).default({}),
    headers: ZProxyJsonRequest.shape.headers,
    body: ZProxyJsonRequest.shape.data.describe("a string is sent as it is; anything else as JSON"),
  })
  .refine((a) => (a.connection_id === undefined) !== (a.provider === undefined), {
    message: "give exactly one of connection_id and provider",
  });
export type TMcpProxyInput = z.output<typeof ZMcpProxyInput>;

const KEPT_HEADERS = new Set([
  "content-type",
  "content-length",
  "location",
  "retry-after",
  "etag",
  "last-modified",
  "link",
  "x-request-id",
  PATCHBAY_ERROR_HEADER.toLowerCase(),
]);
const keepHeader = (name: string) =>
  KEPT_HEADERS.has(name) || name.startsWith("ratelimit") || name.startsWith("x-ratelimit");
const isText = (type: string) =>
  /^text\/|[/+](json|xml)\b|^application\/(javascript|x-www-form-urlencoded)\b/i.test(type);

async function connectionFor(ctx: TMcpContext, input: TMcpProxyInput): Promise<string> {
  if (input.connection_id !== undefined) {
    await assertAccountConnection(ctx.auth, accountHeaders(ctx), input.connection_id);
    return input.connection_id;
  }
  if (ctx.accountExternalId === null)
    throw new AppError("bad_request", {
      message:
        "Name the connection by connection_id, or send X-Account-Id with the MCP request to use provider.",
    });
  return resolveAccountConnection(ctx.auth, input.provider!, ctx.accountExternalId, new Headers());
}

function withQuery(path: string, query: TMcpProxyInput["query"]): string {
  const qs = new URLSearchParams();
  for (const [name, value] of Object.entries(query))
    for (const v of Array.isArray(value) ? value : [value]) qs.append(name, v);
  const s = qs.toString();
  return s ? `${path}${path.includes("?") ? "&" : "?"}${s}` : path;
}

async function readCapped(res: Response, limit: number): Promise<{ bytes: Buffer; truncated: boolean }> {
  if (!res.body) return { bytes: Buffer.alloc(0), truncated: false };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel(); // the proxy's summary records the cancel; the upstream socket is released
      return { bytes: Buffer.concat(chunks).subarray(0, limit), truncated: true };
    }
  }
  return { bytes: Buffer.concat(chunks), truncated: false };
}

export async function runMcpProxyRequest(ctx: TMcpContext, input: TMcpProxyInput): Promise<TToolResult> {
  const connectionId = await connectionFor(ctx, input);
  const headers = new Headers(input.headers);
  if (!headers.has("accept")) headers.set("accept", "application/json");
  let body: Uint8Array | null = null;
  if (input.body !== undefined && input.body !== null && input.method !== "GET" && input.method !== "HEAD") {
    const text = typeof input.body === "string" ? input.body : JSON.stringify(input.body);
    if (typeof input.body !== "string" && !headers.has("content-type"))
      headers.set("content-type", "application/json");
    body = new TextEncoder().encode(text);
  }
  const res = await proxyRequest({
    ctx: ctx.auth,
    target: { connectionId },
    method: input.method,
    path: withQuery(input.path, input.query),
    allowAbsolute: true,
    headers,
    body,
    signal: ctx.signal,
    requestId: ctx.requestId,
  });

  const kept: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (keepHeader(name)) kept[name] = value;
  });
  const { bytes, truncated } = await readCapped(res, MCP_PROXY_BODY_LIMIT);
  const type = res.headers.get("content-type") ?? "";
  const text = isText(type) || bytes.length === 0 ? bytes.toString("utf8") : null;
  let json: unknown;
  if (text !== null && !truncated && /json/i.test(type)) {
    try {
      json = JSON.parse(text) as unknown;
    } catch {
      // not JSON after all: the text is returned
    }
  }

  if (res.headers.has(PATCHBAY_ERROR_HEADER)) {
    // Patchbay answered, not the provider: our error shape, with what the agent can do about it.
    const err = (json as { error?: { code?: string; message?: string; details?: Record<string, unknown> } })
      ?.error;
    const status = typeof err?.details?.status === "string" ? err.details.status : "";
    const action = await actionFor(ctx, connectionId, status);
    const message = `${err?.message ?? `Patchbay refused the request (HTTP ${res.status}).`}${action ? ` ${action.message}` : ""}`;
    return toolError(err?.code ?? "bad_request", message, {
      status: res.status,
      patchbay_error: res.headers.get(PATCHBAY_ERROR_HEADER),
      ...(err?.details ?? {}),
      ...(action?.reconnect ? { reconnect: action.reconnect } : {}),
    });
  }
  return jsonResult({
    connection_id: connectionId,
    status: res.status,
    headers: kept,
    ...(json !== undefined
      ? { body: json }
      : text !== null
        ? { body: text }
        : { body_base64: bytes.toString("base64") }),
    truncated,
  });
}
