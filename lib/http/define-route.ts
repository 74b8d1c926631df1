// The one wrapper for route handlers: authenticate → authorize → rate-limit → parse input → handle → check output,
// with every failure mapped to { error: { code, message, details? } }.
import type { z } from "zod";
import type { TAuthContext } from "@/lib/actor";
import type { TRouteDocs } from "@/lib/http/route-docs";
import { authenticateRequest, type TAuthMode } from "@/lib/http/authenticate";
import { authorize, type TPermission } from "@/lib/http/authorize";
import { clientIp } from "@/lib/rate-limit/client-ip";
import { AppError, validationError } from "@/lib/errors";
import { readJsonBody } from "@/lib/http/read-json-body";
import { newRequestId } from "@/lib/http/request-id";
import { toErrorResponse } from "@/lib/http/to-error-response";
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
    try {
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
          await consumeRateLimit(
            `public:${new URL(req.url).pathname}:${clientIp(req.headers)}`,
            config.rateLimit,
          ),
        );
      }
      const params = parseWith(config.params, (await routeCtx?.params) ?? {}, "params");
      const query = parseWith(config.query, Object.fromEntries(new URL(req.url).searchParams), "query");
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
      const res = toErrorResponse(err, requestId);
      status = res.status;
      if (config.markErrors) res.headers.set("Patchbay-Error", patchbayErrorKind(res.status));
      return res;
    } finally {
      log.info("request", {
        requestId,
        method: req.method,
        path: new URL(req.url).pathname,
        status,
        ms: Date.now() - started,
      });
    }
  }
}

export { AppError };
