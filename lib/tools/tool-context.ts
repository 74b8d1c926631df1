// The one way a tool reaches its provider: every request is a proxyRequest (lib/proxy/proxy-request.ts), made
// in-process as the caller, exactly as the API console and the JSON proxy form do — so a tool gets the same
// credentials, refresh on 401, retries of 429/5xx (Retry-After honoured), per-connection throttling from the
// provider's declared rate limit, the outbound guard, the tier quota, usage counting and proxy observers.
//
// Answers are turned into values or a ToolError here, once: a non-2xx from the provider carries the provider's
// own message; a Patchbay-side failure (the `Patchbay-Error` header) keeps the proxy's code and message.
import type { TAuthContext } from "@/lib/actor";
import { PATCHBAY_ERROR_HEADER, proxyRequest } from "@/lib/proxy/proxy-request";
import type {
  TPaginated,
  TPaginateOptions,
  TToolConnection,
  TToolContext,
  TToolRequest,
  TToolResponse,
} from "./define-tool";
import { nextPage, paginationFor, type TPageRequest } from "./pagination";
import { providerErrorMessage } from "./provider-errors";
import { ToolError } from "./tool-error";
import type { TErrorCode } from "@/lib/errors";

export const DEFAULT_MAX_PAGES = 50;
export const DEFAULT_BUDGET_MS = 20_000;
/** Retries per request for tools' idempotent reads (the proxy's default is 2). */
const TOOL_RETRIES = "3";
const ERROR_BODY_LIMIT = 16 * 1024;

export type TToolRunStats = { requests: number; pages: number; partial?: { reason: string } };

type TQuery = TToolRequest["query"];

function withQuery(path: string, query: TQuery): string {
  const entries = Object.entries(query ?? {}).filter(([, v]) => v !== undefined) as [
    string,
    string | number | boolean,
  ][];
  if (entries.length === 0) return path;
  const qs = new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString();
  return `${path}${path.includes("?") ? "&" : "?"}${qs}`;
}

async function readText(res: Response, limit: number): Promise<string> {
  const text = await res.text();
  return text.length > limit ? text.slice(0, limit) : text;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function createToolContext(opts: {
  ctx: TAuthContext;
  connection: TToolConnection;
  requestId: string;
  stats: TToolRunStats;
  now?: () => Date;
  signal?: AbortSignal;
}): TToolContext {
  const { ctx, connection, requestId, stats } = opts;

  async function request(req: TToolRequest): Promise<TToolResponse> {
    const method = (req.method ?? "GET").toUpperCase();
    const headers = new Headers({ accept: "application/json", ...req.headers });
    if (!headers.has("patchbay-retries")) headers.set("patchbay-retries", TOOL_RETRIES);
    let body: Uint8Array | null = null;
    if (req.body !== undefined && method !== "GET" && method !== "HEAD") {
      const text = typeof req.body === "string" ? req.body : JSON.stringify(req.body);
      if (typeof req.body !== "string" && !headers.has("content-type"))
        headers.set("content-type", "application/json");
      body = new TextEncoder().encode(text);
    }
    stats.requests++;
    const res = await proxyRequest({
      ctx,
      target: { connectionId: connection.id },
      method,
      path: withQuery(req.path, req.query),
      allowAbsolute: true,
      headers,
      body,
      signal: opts.signal,
      requestId,
    });
    if ((res.status >= 200 && res.status < 300) || req.acceptStatus?.includes(res.status)) return wrap(res);
    throw await toToolError(res, connection.provider);
  }

  async function json(req: TToolRequest): Promise<unknown> {
    return (await request(req)).json();
  }

  async function paginate<T>(p: TPaginateOptions<T>): Promise<TPaginated<T>> {
    const strategy = p.strategy ?? paginationFor(connection.provider);
    if (!strategy) throw new Error(`no pagination declared for ${connection.provider}`);
    const maxPages = p.maxPages ?? DEFAULT_MAX_PAGES;
    const budgetMs = p.budgetMs ?? DEFAULT_BUDGET_MS;
    const started = Date.now();
    const items: T[] = [];
    let pages = 0;
    let page: TPageRequest | null = {
      path: p.path,
      query: Object.fromEntries(
        Object.entries(p.query ?? {})
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, String(v)]),
      ),
      ...(p.body ? { body: p.body } : {}),
    };
    const stop = (reason: TPaginated<T>["reason"] & string, next: TPageRequest): TPaginated<T> => {
      stats.partial = { reason };
      return { items, pages, partial: true, reason, next };
    };
    while (page) {
      if (pages >= maxPages) return stop("max_pages", page);
      if (pages > 0 && Date.now() - started >= budgetMs) return stop("time_budget", page);
      if (p.maxItems !== undefined && items.length >= p.maxItems) return stop("max_items", page);
      const res = await request({
        method: p.method ?? (page.body ? "POST" : "GET"),
        path: page.path,
        query: page.query,
        headers: p.headers,
        body: page.body,
      });
      const body = await res.json();
      let got: T[];
      try {
        got = p.items(body);
      } catch (err) {
        throw invalidResponse(connection.provider, err);
      }
      pages++;
      stats.pages++;
      items.push(...got);
      page = nextPage(strategy, page, { headers: res.headers, body, items: got });
    }
    return { items, pages, partial: false };
  }

  return {
    connection,
    request,
    json,
    paginate,
    now: opts.now ?? (() => new Date()),
    signal: opts.signal,
  };
}

function wrap(res: Response): TToolResponse {
  let text: Promise<string> | undefined;
  const readOnce = () => (text ??= res.text());
  return {
    status: res.status,
    headers: res.headers,
    text: readOnce,
    json: async () => {
      const t = await readOnce();
      try {
        return JSON.parse(t) as unknown;
      } catch {
        throw new ToolError(
          "invalid_response",
          "bad_gateway",
          "The provider answered with a body that is not JSON.",
          {
            status: res.status,
          },
        );
      }
    },
  };
}

function invalidResponse(provider: string, err: unknown): ToolError {
  const issues =
    err && typeof err === "object" && "issues" in err && Array.isArray(err.issues)
      ? (err.issues as { path?: unknown[]; message?: string }[]).slice(0, 5).map((i) => ({
          path: (i.path ?? []).map(String).join("."),
          message: i.message ?? "",
        }))
      : undefined;
  return new ToolError(
    "invalid_response",
    "bad_gateway",
    `The ${provider} answer did not have the shape this tool reads; the provider's API may have changed.`,
    issues ? { issues } : {},
  );
}

const PATCHBAY_ERROR_CODES = new Set<string>([
  "bad_request",
  "not_found",
  "conflict",
  "rate_limited",
  "quota_exceeded",
  "bad_gateway",
  "service_unavailable",
  "internal",
  "account_limit_reached",
]);

async function toToolError(res: Response, provider: string): Promise<ToolError> {
  const text = await readText(res, ERROR_BODY_LIMIT).catch(() => "");
  const body = parseJson(text);
  const patchbay = res.headers.get(PATCHBAY_ERROR_HEADER);
  if (patchbay) {
    const err = (body as { error?: { code?: string; message?: string; details?: Record<string, unknown> } })
      ?.error;
    const code = (PATCHBAY_ERROR_CODES.has(err?.code ?? "") ? err?.code : "bad_gateway") as TErrorCode;
    const message = actionable(patchbay, err?.message ?? "Patchbay could not send the request.");
    const headers: Record<string, string> = {};
    const retryAfter = res.headers.get("retry-after");
    if (retryAfter) headers["retry-after"] = retryAfter;
    return new ToolError(
      "patchbay_error",
      code,
      message,
      { patchbay_error: patchbay, ...err?.details },
      headers,
    );
  }
  const said = providerErrorMessage(provider, body) ?? (text.trim().slice(0, 300) || undefined);
  const retryAfter = res.headers.get("retry-after");
  return new ToolError(
    "provider_error",
    "bad_gateway",
    `${provider} answered ${res.status}${said ? `: ${said}` : "."}`,
    {
      provider,
      provider_status: res.status,
      ...(said ? { provider_message: said } : {}),
      ...(retryAfter ? { retry_after: retryAfter } : {}),
    },
  );
}

function actionable(kind: string, message: string): string {
  if ((kind === "connection_unusable" || kind === "refresh_failed") && !/reconnect/i.test(message))
    return `${message} The tool could not run: reconnect the connection from the dashboard (Connections → the connection → Reconnect), then try again.`;
  return message;
}
