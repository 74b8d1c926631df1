// The one wrapper for route handlers: authenticate → authorize → rate-limit → parse input → handle → check output,
// with every failure mapped to { error: { code, message, details? } }.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Readable } from "node:stream";
import type { z } from "zod";
import type { TAuthContext } from "@/lib/actor";
import {
  answerToResponse,
  jsonAnswer,
  setAnswerHeader,
  writeAnswer,
  type TAnswer,
  type TAnswerHeaders,
} from "@/lib/answer";
import { nodeHeaders, type THeaderReader } from "@/lib/header-reader";
import type { TRouteDocs } from "@/lib/http/route-docs";
import { authenticateRequest, type TAuthMode, type TAuthRequest } from "@/lib/http/authenticate";
import { authorize, type TPermission } from "@/lib/http/authorize";
import { clientIp } from "@/lib/rate-limit/client-ip";
import { AppError, validationError } from "@/lib/errors";
import { readJsonBody } from "@/lib/http/read-json-body";
import { newRequestId } from "@/lib/http/request-id";
import { toErrorAnswer } from "@/lib/http/to-error-response";
import { log, withLogContext } from "@/lib/log";
import { withSpan } from "@/lib/telemetry/tracing";
import { consumeRateLimit, rateLimitHeaders, type TLimit } from "@/lib/rate-limit/consume";
import { consumeTierApiRate, tierHeaders } from "@/lib/tiers/api-rate";

type TSchema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

type TRouteConfig<A extends TAuthMode, B, Q, P, O> = TPermission & {
  auth: A;
  body?: B;
  query?: Q;
  params?: P;
  output?: O;
  status?: number;
  /** Per caller (API key or user; client IP on public routes); defaults to 600 a minute when authenticated. */
  rateLimit?: TLimit | false;
  /**
   * Proxy routes: this wrapper's own refusals (no or bad key 401, missing scope 403, bad params 422, limits) carry
   * the `Patchbay-Error` header like the proxy core's failures, so a caller can tell them from the provider's own
   * 401/403 (which pass through without it).
   */
  markErrors?: true;
  /** What the OpenAPI document says beyond the schemas above (lib/openapi); no effect on the handler. */
  docs?: TRouteDocs;
};

/** A route's configuration as the OpenAPI builder reads it (schemas erased to zod's base type). */
export type TRouteConfigAny = TRouteConfig<
  TAuthMode,
  TSchema | undefined,
  TSchema | undefined,
  TSchema | undefined,
  TSchema | undefined
>;

export type TRouteHandler = ((req: Request, routeCtx?: TNextRouteContext) => Promise<Response>) & {
  /** The configuration this handler was defined with, for lib/openapi (non-enumerable, read-only). */
  readonly routeConfig: TRouteConfigAny;
};

type THandlerArgs<A extends TAuthMode, B, Q, P> = {
  req: Request;
  requestId: string;
  ctx: A extends "public" ? null : TAuthContext;
  body: Out<B>;
  query: Out<Q>;
  params: Out<P>;
};

type TNextRouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

const DEFAULT_LIMIT: TLimit = { limit: 600, windowSec: 60 };

/** The `Patchbay-Error` value of a refusal by this wrapper (the proxy core names its own, lib/proxy). */
function patchbayErrorKind(status: number): string {
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 429) return "rate_limited";
  return status >= 500 ? "internal" : "bad_request";
}

function parseWith<S>(schema: S | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const res = (schema as unknown as TSchema).safeParse(value);
  if (!res.success) throw validationError(res.error, where);
  return res.data;
}

export function defineRoute<
  A extends TAuthMode,
  B extends TSchema | undefined = undefined,
  Q extends TSchema | undefined = undefined,
  P extends TSchema | undefined = undefined,
  O extends TSchema | undefined = undefined,
>(
  config: TRouteConfig<A, B, Q, P, O>,
  handler: (
    args: THandlerArgs<A, B, Q, P>,
  ) => Promise<(O extends z.ZodType ? z.input<O> : unknown) | Response>,
): TRouteHandler {
  const route = (req: Request, routeCtx?: TNextRouteContext): Promise<Response> => {
    const requestId = newRequestId();
    return withLogContext({ requestId }, () =>
      withSpan(`patchbay.route ${req.method}`, { "http.request.method": req.method }, async (span) => {
        const res = await handle(req, routeCtx, requestId);
        span?.setAttribute("http.response.status_code", res.status);
        span?.setAttribute("patchbay.request_id", requestId);
        return res;
      }),
    );
  };
  Object.defineProperty(route, "routeConfig", { value: config, enumerable: false, writable: false });
  return route as TRouteHandler;

  async function handle(
    req: Request,
    routeCtx: TNextRouteContext | undefined,
    requestId: string,
  ): Promise<Response> {
    const started = Date.now();
    let status = 500;
    let url: URL | undefined;
    const pathname = () => (url ??= new URL(req.url)).pathname;
    try {
      const { ctx, limitHeaders } = await admit(config, req, pathname);
      const params = parseWith(config.params, (await routeCtx?.params) ?? {}, "params");
      const query = parseWith(
        config.query,
        Object.fromEntries((url ??= new URL(req.url)).searchParams),
        "query",
      );
      const body = config.body ? parseWith(config.body, await readJsonBody(req), "body") : undefined;

      const result = await handler({ req, requestId, ctx, body, query, params } as THandlerArgs<A, B, Q, P>);
      if (result instanceof Response) {
        status = result.status;
        result.headers.set("x-request-id", requestId);
        for (const [k, v] of Object.entries(limitHeaders)) result.headers.set(k, v);
        return result;
      }
      let payload: unknown = result;
      if (config.output) {
        const checked = config.output.safeParse(result);
        if (!checked.success) throw new Error(`response failed its output schema: ${checked.error.message}`);
        payload = checked.data;
      }
      status = config.status ?? 200;
      if (status === 204)
        return new Response(null, { status, headers: { "x-request-id": requestId, ...limitHeaders } });
      return Response.json(payload, {
        status,
        headers: { "x-request-id": requestId, "cache-control": "no-store", ...limitHeaders },
      });
    } catch (err) {
      const res = answerToResponse(refusal(config, err, requestId));
      status = res.status;
      return res;
    } finally {
      logRequest(requestId, req.method, pathname(), status, started);
    }
  }
}

/** Steps 1–3, shared by both wrappers: authenticate, authorize, rate-limit. Throws the refusal. */
async function admit(
  config: TRouteConfigAny,
  req: TAuthRequest,
  pathname: () => string,
): Promise<{ ctx: TAuthContext | null; limitHeaders: Record<string, string> }> {
  let ctx: TAuthContext | null = null;
  let limitHeaders: Record<string, string> = {};
  if (config.auth !== "public") {
    ctx = await authenticateRequest(req, config.auth);
    authorize(ctx, config);
    if (config.rateLimit !== false) {
      const who = ctx.actor.kind === "api_key" ? `key:${ctx.actor.keyId}` : `user:${ctx.actor.userId}`;
      // API-key calls also count against the team's usage tier (lib/tiers/api-rate.ts), in parallel.
      const [caller, tier] = await Promise.all([
        consumeRateLimit(`api:${who}`, config.rateLimit ?? DEFAULT_LIMIT),
        ctx.actor.kind === "api_key" ? consumeTierApiRate(ctx.teamId) : null,
      ]);
      limitHeaders = tierHeaders(caller, tier);
    }
  } else if (config.rateLimit) {
    limitHeaders = rateLimitHeaders(
      await consumeRateLimit(`public:${pathname()}:${clientIp(req.headers)}`, config.rateLimit),
    );
  }
  return { ctx, limitHeaders };
}

/** Any failure of a route as our answer; the `Patchbay-Error` header where the route marks its refusals. */
function refusal(config: TRouteConfigAny, err: unknown, requestId: string): TAnswer {
  const answer = toErrorAnswer(err, requestId);
  if (config.markErrors) setAnswerHeader(answer, "Patchbay-Error", patchbayErrorKind(answer.status));
  return answer;
}

function logRequest(requestId: string, method: string, path: string, status: number, started: number): void {
  log.info("request", { requestId, method, path, status, ms: Date.now() - started });
}

// ── Streaming routes (the proxy) ─────────────────────────────────────────────────────────────────────────────
// A route whose handler answers with a server-neutral TAnswer (lib/answer) instead of a Response, so that it can
// be served two ways by one implementation: as a Next.js route handler (the Web adapter below), and straight from
// node:http by the dedicated listener (`serveNode`: no Web Request, Response or Web stream is made). Both adapters
// only translate the request and the answer; the steps in between — request id and log context, span, admit
// (auth, scopes, rate limits), params, the handler, refusals with Patchbay-Error, the request log line — are
// `runStream`, once. Only routes without a JSON body or query schema can be streaming routes.

/** The request as a streaming route reads it, from either server. */
export type TStreamRequest = {
  method: string;
  /** the path as the WHATWG URL parser normalised it, without the query */
  pathname: string;
  /** "" or "?…" */
  search: string;
  headers: THeaderReader;
  body: ReadableStream<Uint8Array> | Readable | null;
  /** aborted when the caller goes away */
  signal: AbortSignal;
};

type TStreamArgs<A extends TAuthMode, P> = {
  req: TStreamRequest;
  requestId: string;
  ctx: A extends "public" ? null : TAuthContext;
  params: Out<P>;
};

export type TStreamRouteHandler = TRouteHandler & {
  /**
   * The listener's entry: the same route from a node:http request, answered on its ServerResponse. `base` are
   * headers under the answer's own (security headers). Resolves when the answer is out (or the caller left);
   * rejects when a streamed body broke mid-way (the response is destroyed by then).
   */
  readonly serveNode: (
    req: IncomingMessage,
    res: ServerResponse,
    params: Record<string, string>,
    base?: TAnswerHeaders,
  ) => Promise<void>;
};

/** What `serveNode` answers when it cannot even read the request (an URL the WHATWG parser refuses). */
const UNREADABLE = "The request line or headers could not be read.";

export function defineStreamRoute<A extends TAuthMode, P extends TSchema | undefined = undefined>(
  config: TRouteConfig<A, undefined, undefined, P, undefined>,
  handler: (args: TStreamArgs<A, P>) => Promise<TAnswer>,
): TStreamRouteHandler {
  const runStream = (req: TStreamRequest, rawParams: () => Promise<unknown>): Promise<TAnswer> => {
    const requestId = newRequestId();
    return withLogContext({ requestId }, () =>
      withSpan(`patchbay.route ${req.method}`, { "http.request.method": req.method }, async (span) => {
        const started = Date.now();
        let answer: TAnswer;
        try {
          const { ctx, limitHeaders } = await admit(config, req, () => req.pathname);
          const params = parseWith(config.params, (await rawParams()) ?? {}, "params");
          answer = await handler({ req, requestId, ctx, params } as TStreamArgs<A, P>);
          setAnswerHeader(answer, "x-request-id", requestId);
          for (const name in limitHeaders) setAnswerHeader(answer, name, limitHeaders[name]!);
        } catch (err) {
          answer = refusal(config, err, requestId);
        }
        const status = answer.status;
        logRequest(requestId, req.method, req.pathname, status, started);
        span?.setAttribute("http.response.status_code", status);
        span?.setAttribute("patchbay.request_id", requestId);
        return answer;
      }),
    );
  };

  const route = async (req: Request, routeCtx?: TNextRouteContext): Promise<Response> => {
    const url = new URL(req.url);
    const answer = await runStream(
      {
        method: req.method,
        pathname: url.pathname,
        search: url.search,
        headers: req.headers,
        body: req.body,
        signal: req.signal,
      },
      async () => routeCtx?.params,
    );
    return answerToResponse(answer);
  };

  const serveNode = async (
    req: IncomingMessage,
    res: ServerResponse,
    params: Record<string, string>,
    base: TAnswerHeaders = {},
  ): Promise<void> => {
    const method = req.method ?? "GET";
    let url: URL;
    try {
      // A fixed origin, never the Host header: only the path and query are read, and a client's Host must not be
      // able to make the URL unparseable (that would be our 500 for their malformed input).
      url = new URL(`http://127.0.0.1${req.url ?? "/"}`);
    } catch {
      req.resume();
      const answer = jsonAnswer(
        400,
        { error: { code: "bad_request", message: UNREADABLE } },
        { "cache-control": "no-store", "patchbay-error": "bad_request" },
      );
      return writeAnswer(res, answer, base);
    }
    const aborted = new AbortController();
    res.once("close", () => {
      if (!res.writableFinished) aborted.abort();
    });
    const answer = await runStream(
      {
        method,
        pathname: url.pathname,
        search: url.search,
        headers: nodeHeaders(req.headers),
        body: method === "GET" || method === "HEAD" ? null : req,
        signal: aborted.signal,
      },
      () => Promise.resolve(params),
    );
    return writeAnswer(res, answer, base);
  };

  Object.defineProperty(route, "routeConfig", { value: config, enumerable: false, writable: false });
  Object.defineProperty(route, "serveNode", { value: serveNode, enumerable: false, writable: false });
  return route as unknown as TStreamRouteHandler;
}

export { AppError };
