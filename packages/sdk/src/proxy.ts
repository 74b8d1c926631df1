// Calls to a provider's API through Patchbay's proxy (/api/v1/connections/{id}/proxy/{path}, or
// /api/v1/proxy/{provider}/{path} with Connection-Id / X-Account-Id). The provider's answer comes back as it is,
// whatever its status (a 404 from the provider is a ProxyResponse with status 404, not an exception); an answer
// Patchbay produced itself (the `Patchbay-Error` header: not_found, connection_unusable, timeout, throttled …)
// throws a PatchbayError.
import { errorFromResponse, networkError } from "./errors.js";

export type QueryValue = string | number | boolean | null | undefined;

export type ProxyRequestOptions = {
  /** Added to the path's query string (arrays repeat the key; null/undefined are left out). */
  query?: Record<string, QueryValue | readonly QueryValue[]>;
  headers?: HeadersInit;
  /**
   * A string, Blob, ArrayBuffer, typed array, FormData, URLSearchParams or ReadableStream is sent as it is;
   * anything else is sent as JSON (content-type application/json unless you set one).
   */
  body?: unknown;
  signal?: AbortSignal;
  /** Patchbay-Retries: how often Patchbay retries idempotent calls on 429/502/503/504 (0–5, default 2). */
  retries?: number;
  /** Idempotency-Key: lets Patchbay retry a POST/PATCH too, and is passed to providers that honour it. */
  idempotencyKey?: string;
};

/** The provider's answer (or any non-Patchbay answer), with the Response kept as `response`. */
export class ProxyResponse {
  constructor(readonly response: Response) {}
  get status(): number {
    return this.response.status;
  }
  get ok(): boolean {
    return this.response.ok;
  }
  get statusText(): string {
    return this.response.statusText;
  }
  get headers(): Headers {
    return this.response.headers;
  }
  get body(): ReadableStream<Uint8Array> | null {
    return this.response.body;
  }
  /** The request id Patchbay gave this call (x-request-id), for its log. */
  get requestId(): string | null {
    return this.response.headers.get("x-request-id");
  }
  json<T = unknown>(): Promise<T> {
    return this.response.json() as Promise<T>;
  }
  text(): Promise<string> {
    return this.response.text();
  }
  arrayBuffer(): Promise<ArrayBuffer> {
    return this.response.arrayBuffer();
  }
  blob(): Promise<Blob> {
    return this.response.blob();
  }
}

export type ProxyTarget =
  | string
  | {
      /** a connection id (conn_…) */
      connectionId?: string;
      /** a provider slug: /api/v1/proxy/{provider}/…, the connection named by connectionId or accountId */
      provider?: string;
      /** a partner's connected account by its external id (X-Account-Id) */
      accountId?: string;
    };

export type ProxyClient = {
  request(method: string, path: string, opts?: ProxyRequestOptions): Promise<ProxyResponse>;
  get(path: string, opts?: Omit<ProxyRequestOptions, "body">): Promise<ProxyResponse>;
  head(path: string, opts?: Omit<ProxyRequestOptions, "body">): Promise<ProxyResponse>;
  delete(path: string, opts?: ProxyRequestOptions): Promise<ProxyResponse>;
  post(path: string, opts?: ProxyRequestOptions): Promise<ProxyResponse>;
  put(path: string, opts?: ProxyRequestOptions): Promise<ProxyResponse>;
  patch(path: string, opts?: ProxyRequestOptions): Promise<ProxyResponse>;
};

export type Transport = {
  baseUrl: string;
  /** Authorization and the client's X-Account-Id */
  headers: () => Headers;
  fetch: (request: Request) => Promise<Response>;
};

function isRawBody(b: unknown): b is BodyInit {
  return (
    typeof b === "string" ||
    (typeof Blob !== "undefined" && b instanceof Blob) ||
    b instanceof ArrayBuffer ||
    ArrayBuffer.isView(b) ||
    (typeof FormData !== "undefined" && b instanceof FormData) ||
    b instanceof URLSearchParams ||
    (typeof ReadableStream !== "undefined" && b instanceof ReadableStream)
  );
}

/** `path` relative to the provider's API base ("/me", "repos/a/b?per_page=5"), plus `query`. */
export function proxyUrl(prefix: string, path: string, query?: ProxyRequestOptions["query"]): string {
  const [p, existing] = splitOnce(path.replace(/^\//, ""), "?");
  const params = new URLSearchParams(existing ?? "");
  for (const [k, v] of Object.entries(query ?? {})) {
    const values: readonly QueryValue[] = Array.isArray(v) ? (v as readonly QueryValue[]) : [v as QueryValue];
    for (const one of values) if (one !== null && one !== undefined) params.append(k, String(one));
  }
  const qs = params.toString();
  return `${prefix}/${p}${qs ? `?${qs}` : ""}`;
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}

export function createProxyClient(transport: Transport, target: ProxyTarget): ProxyClient {
  const t = typeof target === "string" ? { connectionId: target } : target;
  let prefix: string;
  if (t.provider) prefix = `${transport.baseUrl}/api/v1/proxy/${encodeURIComponent(t.provider)}`;
  else if (t.connectionId)
    prefix = `${transport.baseUrl}/api/v1/connections/${encodeURIComponent(t.connectionId)}/proxy`;
  else throw new TypeError("proxy(): give a connection id, or { provider, connectionId | accountId }");

  async function request(
    method: string,
    path: string,
    opts: ProxyRequestOptions = {},
  ): Promise<ProxyResponse> {
    const headers = transport.headers();
    new Headers(opts.headers).forEach((v, k) => headers.set(k, v));
    if (t.provider && t.connectionId) headers.set("connection-id", t.connectionId);
    if (t.accountId) headers.set("x-account-id", t.accountId);
    if (opts.retries !== undefined) headers.set("patchbay-retries", String(opts.retries));
    if (opts.idempotencyKey) headers.set("idempotency-key", opts.idempotencyKey);
    let body: BodyInit | undefined;
    if (opts.body !== undefined) {
      if (isRawBody(opts.body)) body = opts.body;
      else {
        body = JSON.stringify(opts.body);
        if (!headers.has("content-type")) headers.set("content-type", "application/json");
      }
    }
    const init: RequestInit & { duplex?: "half" } = { method, headers, body, signal: opts.signal };
    // A streamed request body needs half duplex in Node's fetch (and Chromium's).
    if (typeof ReadableStream !== "undefined" && body instanceof ReadableStream) init.duplex = "half";
    let res: Response;
    try {
      res = await transport.fetch(new Request(proxyUrl(prefix, path, opts.query), init));
    } catch (err) {
      throw networkError(err, opts.signal);
    }
    if (res.headers.has("patchbay-error")) throw await errorFromResponse(res);
    return new ProxyResponse(res);
  }

  return {
    request,
    get: (path, opts) => request("GET", path, opts),
    head: (path, opts) => request("HEAD", path, opts),
    delete: (path, opts) => request("DELETE", path, opts),
    post: (path, opts) => request("POST", path, opts),
    put: (path, opts) => request("PUT", path, opts),
    patch: (path, opts) => request("PATCH", path, opts),
  };
}
