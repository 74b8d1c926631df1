// The dedicated listener (PATCHBAY_PROXY_PORT): a plain node:http server in the same process as Next.js that
// serves only the proxy and the inbound-webhook routes — the same handlers (routes.ts: defineRoute, lib/proxy,
// authenticateApiKey), without Next.js routing and its middleware in front. Measured in bench/proxy.ts: a
// constant Next.js route answers ~430 req/s on the benchmark machine, so every route behind it is capped there;
// this listener is how the proxy gets past that ceiling (README "Benchmarks").
//
// What it does per request: match the path (anything else → 404 in our error shape, naming the main port), then
//  - the proxy routes (streaming routes, lib/http/define-route.ts): `serveNode` runs the same wrapper steps and
//    proxy core as the Next.js route, from the node request (headers read in place, body a node stream) to the
//    node response (the provider's stream piped with backpressure) — no Web Request, Response or Web stream;
//  - the webhook routes: adapt node → Web Request (body streamed, never buffered; aborted when the client goes
//    away), call the route handler, write the Response back (streamed);
// both with the security headers the app's proxy.ts would have added.
// X-Forwarded-For gets the socket's peer appended by the same hook as Next's server (stamp-socket-address), and
// SIGTERM drains it with the others (server-drain notes every http.Server) — both installed by instrumentation.ts.
import http from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { TStreamRouteHandler } from "@/lib/http/define-route";
import { log } from "@/lib/log";
import { securityHeaders } from "@/lib/security-headers";
import {
  connectionProxyRoute,
  instanceWebhookGet,
  instanceWebhookPost,
  providerProxyRoute,
  sourceWebhookGet,
  sourceWebhookPost,
} from "./routes";

type THandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type TServeNode = TStreamRouteHandler["serveNode"];
/** `node`: the route serves node:http itself (the proxy: no Web Request/Response); else the Web adapter below. */
type TMatch = { handler: THandler; node?: TServeNode; params: Record<string, string> };

const PROXY_METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);

function segment(raw: string | undefined): string | null {
  if (raw === undefined || raw === "") return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/** The routes this listener serves, matched on the path alone (the query is left for the handler). */
export function matchListenerRoute(method: string, pathname: string): TMatch | "method" | null {
  const p = pathname.split("/"); // ["", "api", "v1", …]
  if (p[1] !== "api" || p[2] !== "v1") return null;
  if (p[3] === "connections" && p[5] === "proxy") {
    const id = segment(p[4]);
    if (!id) return null;
    return PROXY_METHODS.has(method)
      ? { handler: connectionProxyRoute, node: connectionProxyRoute.serveNode, params: { id } }
      : "method";
  }
  if (p[3] === "proxy") {
    const provider = segment(p[4]);
    if (!provider) return null;
    return PROXY_METHODS.has(method)
      ? { handler: providerProxyRoute, node: providerProxyRoute.serveNode, params: { provider } }
      : "method";
  }
  if (p[3] === "webhooks" && p.length <= 6) {
    const provider = segment(p[4]);
    if (!provider) return null;
    const source = p.length === 6 ? segment(p[5]) : undefined;
    if (source === null) return null;
    const params: Record<string, string> = source ? { provider, source } : { provider };
    if (method === "POST") return { handler: source ? sourceWebhookPost : instanceWebhookPost, params };
    if (method === "GET") return { handler: source ? sourceWebhookGet : instanceWebhookGet, params };
    return "method";
  }
  return null;
}

let apiHeaders: Record<string, string> | null = null;
const API_HEADERS = () => (apiHeaders ??= securityHeaders({ path: "/api/v1/proxy" }));

function sendError(res: http.ServerResponse, status: number, code: string, message: string) {
  const body = JSON.stringify({ error: { code, message } });
  res.writeHead(status, {
    ...API_HEADERS(),
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
    "patchbay-error": code === "not_found" ? "not_found" : "bad_request",
  });
  res.end(body);
}

function toWebRequest(req: http.IncomingMessage, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  const method = req.method ?? "GET";
  const init: RequestInit & { duplex?: "half" } = { method, headers, signal };
  if (method !== "GET" && method !== "HEAD") {
    init.body = Readable.toWeb(req) as unknown as ReadableStream<Uint8Array>;
    init.duplex = "half";
  }
  // A fixed origin, never the Host header: the handlers read only the path and query from the URL, and a client's
  // Host must not be able to make the URL unparseable (that would be our 500 for their malformed input).
  return new Request(`http://127.0.0.1${req.url ?? "/"}`, init);
}

async function writeWebResponse(res: http.ServerResponse, answer: Response): Promise<void> {
  const headers: Record<string, string | string[]> = { ...API_HEADERS() };
  answer.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  const cookies = answer.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  res.writeHead(answer.status, headers);
  if (!answer.body) {
    res.end();
    return;
  }
  await pipeline(Readable.fromWeb(answer.body as unknown as WebReadableStream<Uint8Array>), res);
}

async function serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const method = req.method ?? "GET";
  const pathname = (req.url ?? "/").split("?", 1)[0]!;
  if (pathname === "/api/health" && method === "GET") {
    const body = JSON.stringify({ status: "ok", listener: "proxy" });
    res.writeHead(200, { ...API_HEADERS(), "content-type": "application/json", "cache-control": "no-store" });
    res.end(body);
    return;
  }
  const match = matchListenerRoute(method, pathname);
  if (match === null) {
    req.resume();
    sendError(
      res,
      404,
      "not_found",
      "This port serves only the proxy (/api/v1/connections/{id}/proxy/…, /api/v1/proxy/{provider}/…) and " +
        "inbound webhooks (/api/v1/webhooks/{provider}); everything else is on the main port.",
    );
    return;
  }
  if (match === "method") {
    req.resume();
    sendError(res, 405, "method_not_allowed", `${method} is not allowed here.`);
    return;
  }
  if (match.node) {
    await match.node(req, res, match.params, API_HEADERS());
    return;
  }
  const aborted = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) aborted.abort();
  });
  let request: Request;
  try {
    request = toWebRequest(req, aborted.signal);
  } catch {
    req.resume();
    sendError(res, 400, "bad_request", "The request line or headers could not be read.");
    return;
  }
  const answer = await match.handler(request, {
    params: Promise.resolve(match.params),
  });
  await writeWebResponse(res, answer);
}

export type TListener = { server: http.Server; port: number; close(): Promise<void> };

export function startListener(port: number, host: string): Promise<TListener> {
  const server = http.createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    serve(req, res).catch((err: unknown) => {
      // The handlers answer every failure themselves (defineRoute); this is the stream breaking mid-way.
      if (!res.headersSent) sendError(res, 500, "internal", "Something went wrong on our side.");
      else res.destroy();
      if (!aborting(err)) log.warn("proxy listener: response failed", { error: (err as Error).message });
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address();
      const bound = typeof address === "object" && address ? address.port : port;
      resolve({
        server,
        port: bound,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeIdleConnections();
          }),
      });
    });
  });
}

const aborting = (err: unknown) =>
  err instanceof Error &&
  (err.name === "AbortError" || (err as { code?: string }).code === "ERR_STREAM_PREMATURE_CLOSE");
