// The one outbound HTTP client (house style convention 7). Every call Patchbay makes to a provider goes through
// guardedFetch — OAuth token, refresh and revocation requests, credential checks ("Test connection", API-key and
// service-account verification) and OIDC discovery of custom providers, and later the provider API proxy and
// webhook delivery — so that a URL an attacker can influence cannot reach the metadata service, the database or
// anything else inside our network.
//
// How it fails closed:
// - http: and https: only (which of the two a provider may use is decided where its endpoints are configured;
//   http is needed by the local Sandbox provider and the tests' fake providers). TLS certificates are always
//   verified.
// - The host is resolved once (dns.lookup, all addresses) and refused if ANY address is not public — a host with
//   one public and one private record is refused, not "tried on the public one". Private targets need the
//   caller's policy to allow them (PATCHBAY_OUTBOUND_ALLOW_PRIVATE, or the Sandbox's own policy); link-local and
//   metadata addresses never pass. PATCHBAY_OUTBOUND_ALLOW_HOSTS narrows the hosts further (address-policy.ts);
//   PATCHBAY_OUTBOUND_HOST_MAP reroutes provider hosts to local fakes, and the target is checked after rerouting.
// - The socket connects to exactly the addresses we validated (a custom `lookup` pins them), so a DNS answer that
//   changes between check and connect (rebinding) cannot redirect us; Host and SNI stay the original hostname.
// - Redirects are returned as-is unless the caller opts in, and even then only within the same origin, with the
//   address re-checked on every hop.
// - One deadline covers DNS, connect, headers and body; the body is capped while it streams (after decoding).
// - Errors name scheme://host[:port]/path only. This module never logs.
//
// global fetch is deliberately not used: it cannot pin the connection to a validated address.
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import type { Readable } from "node:stream";
import zlib from "node:zlib";
import {
  classifyAddress,
  getOutboundPolicy,
  isHostAllowed,
  normaliseHost,
  type TOutboundPolicy,
} from "./address-policy";
import { OutboundError, type TOutboundErrorCode } from "./errors";
import { mapOutboundUrl } from "./host-map";

export { OutboundError, type TOutboundErrorCode } from "./errors";
export { getOutboundPolicy, setOutboundPolicyForTests, type TOutboundPolicy } from "./address-policy";
export { setOutboundHostMapForTests, type TOutboundHostMap } from "./host-map";

export type TGuardedFetchOptions = {
  method?: string;
  headers?: HeadersInit;
  body?: string | URLSearchParams | Uint8Array | undefined;
  /** Total time for the whole call, redirects and body included. Default 10 s. */
  timeoutMs?: number;
  /** Time allowed to establish each TCP connection (capped by what is left of timeoutMs). Default 5 s. */
  connectTimeoutMs?: number;
  /** Largest (decoded) response body accepted; larger fails with "too_large". Default 5 MB. */
  maxResponseBytes?: number;
  /**
   * Default 0: a 3xx is returned to the caller as-is. When > 0, same-origin redirects are followed (address
   * re-checked each hop); a redirect to another origin, or one more than allowed, fails with "redirect_refused".
   */
  maxRedirects?: number;
  /** Default: getOutboundPolicy() (from the environment). */
  policy?: TOutboundPolicy;
};

export type TGuardedResponse = {
  status: number;
  /** Response headers. When the body was decompressed, content-encoding and content-length are removed. */
  headers: Headers;
  /** The URL that answered, as the caller named it (a host-map reroute is not visible here). */
  url: string;
  text(): string;
  /** Parses the body; throws OutboundError("bad_response") when it is not JSON. */
  json(): unknown;
  bytes: Uint8Array;
};

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
const DEFAULT_MAX_RESPONSE_BYTES = 5 * 1024 * 1024;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// Set by this module, never by the caller: they describe the connection, not the request.
const HOP_HEADERS = ["host", "content-length", "transfer-encoding", "connection", "keep-alive", "upgrade"];
/** Sent only when a host-map reroute applies, so one fake server can tell which provider host was meant. */
export const ORIGINAL_HOST_HEADER = "x-patchbay-original-host";

type TRequestContext = {
  method: string;
  headers: Headers;
  body: Uint8Array | undefined;
  policy: TOutboundPolicy;
  deadline: number;
  connectTimeoutMs: number;
  maxResponseBytes: number;
};

export async function guardedFetch(
  input: string | URL,
  opts: TGuardedFetchOptions = {},
): Promise<TGuardedResponse> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRedirects = opts.maxRedirects ?? 0;
  let url = parseUrl(input);
  const method = (opts.method ?? "GET").toUpperCase();
  if (!/^[A-Z]+$/.test(method)) throw new TypeError("guardedFetch: invalid HTTP method");
  const headers = copyHeaders(opts.headers);
  const body = encodeBody(opts.body, headers);
  if (body && (method === "GET" || method === "HEAD")) {
    throw new TypeError(`guardedFetch: a ${method} request cannot have a body`);
  }
  const ctx: TRequestContext = {
    method,
    headers,
    body,
    policy: opts.policy ?? getOutboundPolicy(),
    deadline: Date.now() + timeoutMs,
    connectTimeoutMs: opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    maxResponseBytes: opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
  };

  for (let hop = 0; ; hop++) {
    const res = await requestOnce(url, ctx);
    const location = res.headers.get("location");
    if (maxRedirects <= 0 || !REDIRECT_STATUSES.has(res.status) || !location) return res;
    if (hop >= maxRedirects) {
      throw new OutboundError("redirect_refused", url, `more than ${String(maxRedirects)} redirect(s)`, {
        requestSent: true,
      });
    }
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      throw new OutboundError("redirect_refused", url, "redirect to an invalid Location", {
        requestSent: true,
      });
    }
    if (next.origin !== url.origin) {
      throw new OutboundError(
        "redirect_refused",
        url,
        `redirect to another origin (${next.origin}) refused`,
        {
          requestSent: true,
        },
      );
    }
    next.hash = "";
    // Same rewriting as browsers: 303 (and 301/302 after a POST) becomes a GET without a body.
    if (res.status === 303 || ((res.status === 301 || res.status === 302) && ctx.method === "POST")) {
      if (ctx.method !== "HEAD") ctx.method = "GET";
      ctx.body = undefined;
      ctx.headers.delete("content-type");
    }
    url = next;
  }
}

async function requestOnce(url: URL, ctx: TRequestContext): Promise<TGuardedResponse> {
  checkScheme(url, url);
  if (url.username !== "" || url.password !== "") {
    // The userinfo would otherwise be silently dropped (or end up in error messages); send an Authorization header.
    throw new OutboundError("blocked_scheme", url, "credentials in the URL are not allowed");
  }
  if (!isHostAllowed(url.hostname, ctx.policy.allowHosts)) {
    throw new OutboundError("blocked_host", url, "host is not on the outbound allow-list");
  }
  // The allow-list judges the host the caller meant; the address check judges where we actually connect.
  const mapped = mapOutboundUrl(url);
  const target = mapped ?? url;
  checkScheme(target, url);
  const hostname = normaliseHost(target.hostname);
  const addresses = await resolveAllowed(url, hostname, ctx, mapped !== undefined);
  const extra: Record<string, string> = mapped ? { [ORIGINAL_HOST_HEADER]: url.host } : {};
  return send(url, target, hostname, addresses, ctx, extra);
}

async function resolveAllowed(
  url: URL,
  hostname: string,
  ctx: TRequestContext,
  mapped: boolean,
): Promise<dns.LookupAddress[]> {
  const literal = net.isIP(hostname);
  let addresses: dns.LookupAddress[];
  if (literal !== 0) {
    addresses = [{ address: hostname, family: literal }];
  } else {
    try {
      addresses = await withDeadline(
        dns.promises.lookup(hostname, { all: true, verbatim: true }),
        ctx.deadline,
        () => new OutboundError("timeout", url, "timed out resolving the host"),
      );
    } catch (err) {
      if (err instanceof OutboundError) throw err;
      throw new OutboundError("network", url, `could not resolve the host${errCode(err)}`);
    }
  }
  if (addresses.length === 0) throw new OutboundError("network", url, "the host has no addresses");
  for (const { address } of addresses) {
    const cls = classifyAddress(address);
    if (cls.verdict === "public" || (cls.verdict === "private" && ctx.policy.allowPrivate)) continue;
    // Name the range, not the address: which internal addresses exist is itself worth hiding.
    const via = mapped ? " (after PATCHBAY_OUTBOUND_HOST_MAP rerouting)" : "";
    const what = literal !== 0 ? "the address is" : "the host resolves to an address";
    throw new OutboundError("blocked_address", url, `${what} in a ${cls.range} range${via}`);
  }
  return addresses;
}

function send(
  url: URL,
  target: URL,
  hostname: string,
  addresses: dns.LookupAddress[],
  ctx: TRequestContext,
  extraHeaders: Record<string, string>,
): Promise<TGuardedResponse> {
  return new Promise<TGuardedResponse>((resolve, reject) => {
    let settled = false;
    // Once the connection is up (TLS included) the request bytes may be on their way: from then on every failure
    // says requestSent, because the server may have acted on a request whose answer we never got.
    let connected = false;
    const sentError = (code: TOutboundErrorCode, reason: string) =>
      new OutboundError(code, url, reason, { requestSent: connected });
    let req: http.ClientRequest | undefined;
    const streams: Readable[] = [];
    const timers: NodeJS.Timeout[] = [];
    const finish = (): void => {
      settled = true;
      for (const t of timers) clearTimeout(t);
    };
    const fail = (err: OutboundError): void => {
      if (settled) return;
      finish();
      for (const s of streams) s.destroy();
      req?.destroy();
      reject(err);
    };

    const remaining = ctx.deadline - Date.now();
    if (remaining <= 0) {
      fail(sentError("timeout", `no response within the time limit`));
      return;
    }
    timers.push(setTimeout(() => fail(sentError("timeout", "no complete response in time")), remaining));

    // Pin the connection: whatever Node asks, answer with the addresses we validated — never a fresh DNS answer.
    const pinnedLookup: NonNullable<http.RequestOptions["lookup"]> = (host, options, callback) => {
      const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
      const usable = addresses.filter((a) => wanted === 0 || a.family === wanted);
      const first = usable[0];
      if (normaliseHost(host) !== hostname || !first) {
        const err: NodeJS.ErrnoException = new Error("lookup refused by the outbound guard");
        err.code = "EAI_FAIL";
        callback(err, "", 0);
        return;
      }
      if (options.all) callback(null, usable);
      else callback(null, first.address, first.family);
    };

    const headers: Record<string, string> = {};
    ctx.headers.forEach((value, name) => {
      if (!HOP_HEADERS.includes(name)) headers[name] = value;
    });
    Object.assign(headers, extraHeaders);
    if (ctx.body) headers["content-length"] = String(ctx.body.byteLength);
    else if (ctx.method !== "GET" && ctx.method !== "HEAD") headers["content-length"] = "0";

    try {
      req = (target.protocol === "https:" ? https : http).request({
        protocol: target.protocol,
        hostname,
        port: target.port === "" ? undefined : Number(target.port),
        path: `${target.pathname}${target.search}`,
        method: ctx.method,
        headers,
        lookup: pinnedLookup,
        agent: false, // fresh socket per call: no pooled connection outlives the address check that allowed it
      });
    } catch (err) {
      fail(new OutboundError("network", url, `could not start the request${errCode(err)}`));
      return;
    }

    req.on("error", (err) => fail(networkError(url, err, connected)));
    req.on("socket", (socket) => {
      // agent: false — always a fresh socket, so it is still connecting here.
      socket.once(target.protocol === "https:" ? "secureConnect" : "connect", () => {
        connected = true;
      });
      if (!socket.connecting) return;
      const limit = Math.min(ctx.connectTimeoutMs, Math.max(0, ctx.deadline - Date.now()));
      const timer = setTimeout(() => fail(sentError("timeout", "timed out connecting")), limit);
      timers.push(timer);
      socket.once("connect", () => clearTimeout(timer));
    });
    req.on("response", (res) => {
      streams.push(res);
      const declared = Number(res.headers["content-length"]);
      const encoding = (res.headers["content-encoding"] ?? "").trim().toLowerCase();
      const decoder = createDecoder(encoding);
      if (!decoder && Number.isFinite(declared) && declared > ctx.maxResponseBytes) {
        fail(tooLarge(url, ctx.maxResponseBytes, true));
        return;
      }
      let body: Readable = res;
      if (decoder) {
        streams.push(decoder);
        decoder.on("error", () => fail(sentError("bad_response", "could not decode the response")));
        body = res.pipe(decoder);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let ended = false;
      body.on("data", (chunk: Buffer) => {
        size += chunk.byteLength;
        if (size > ctx.maxResponseBytes) fail(tooLarge(url, ctx.maxResponseBytes, true));
        else chunks.push(chunk);
      });
      res.on("error", (err) => fail(networkError(url, err, true)));
      res.on("end", () => {
        ended = true;
      });
      res.on("close", () => {
        if (!ended) fail(sentError("network", "the connection closed before the response completed"));
      });
      body.on("end", () => {
        if (settled) return;
        finish();
        const joined = Buffer.concat(chunks);
        const bytes = new Uint8Array(joined.buffer, joined.byteOffset, joined.byteLength);
        resolve(buildResponse(url, res, bytes, decoder !== undefined));
      });
    });

    req.end(ctx.body);
  });
}

function buildResponse(
  url: URL,
  res: http.IncomingMessage,
  bytes: Uint8Array,
  decoded: boolean,
): TGuardedResponse {
  const headers = new Headers();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
    const name = res.rawHeaders[i];
    const value = res.rawHeaders[i + 1];
    if (name === undefined || value === undefined) continue;
    try {
      headers.append(name, value);
    } catch {
      // A header value Headers rejects is dropped rather than failing the whole response.
    }
  }
  if (decoded) {
    headers.delete("content-encoding");
    headers.delete("content-length");
  }
  const finalUrl = new URL(url);
  finalUrl.hash = "";
  let text: string | undefined;
  const readText = (): string => (text ??= new TextDecoder().decode(bytes));
  return {
    status: res.statusCode ?? 0,
    headers,
    url: finalUrl.href,
    bytes,
    text: readText,
    json: () => {
      try {
        return JSON.parse(readText()) as unknown;
      } catch {
        throw new OutboundError("bad_response", url, "the response is not valid JSON", { requestSent: true });
      }
    },
  };
}

function parseUrl(input: string | URL): URL {
  try {
    // Copy so redirects never mutate the caller's URL object.
    return new URL(input);
  } catch {
    // The TypeError from URL carries the input (and any secret in it); replace it.
    throw new OutboundError("blocked_scheme", undefined, "not a valid absolute URL");
  }
}

function checkScheme(target: URL, named: URL): void {
  if (target.protocol !== "http:" && target.protocol !== "https:") {
    throw new OutboundError("blocked_scheme", named, `only http: and https: are allowed`);
  }
}

function copyHeaders(init: HeadersInit | undefined): Headers {
  try {
    return new Headers(init);
  } catch {
    // Headers' own message quotes the offending value, which may be a token.
    throw new TypeError("guardedFetch: invalid request header");
  }
}

function encodeBody(body: TGuardedFetchOptions["body"], headers: Headers): Uint8Array | undefined {
  if (body === undefined) return undefined;
  if (typeof body === "string") {
    if (!headers.has("content-type")) headers.set("content-type", "text/plain;charset=UTF-8");
    return new TextEncoder().encode(body);
  }
  if (body instanceof URLSearchParams) {
    if (!headers.has("content-type")) {
      headers.set("content-type", "application/x-www-form-urlencoded;charset=UTF-8");
    }
    return new TextEncoder().encode(body.toString());
  }
  return body;
}

function createDecoder(encoding: string): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | undefined {
  switch (encoding) {
    case "gzip":
    case "x-gzip":
      return zlib.createGunzip();
    case "deflate":
      return zlib.createInflate();
    case "br":
      return zlib.createBrotliDecompress();
    default:
      return undefined; // identity, or an encoding we do not know: pass the bytes through untouched
  }
}

function withDeadline<T>(promise: Promise<T>, deadline: number, onTimeout: () => OutboundError): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), Math.max(0, deadline - Date.now()));
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error("lookup failed"));
      },
    );
  });
}

function networkError(url: URL, err: unknown, requestSent: boolean): OutboundError {
  if (err instanceof OutboundError) return err;
  return new OutboundError("network", url, `network error${errCode(err)}`, { requestSent });
}

function tooLarge(url: URL, max: number, requestSent: boolean): OutboundError {
  return new OutboundError("too_large", url, `the response is larger than ${String(max)} bytes`, {
    requestSent,
  });
}

/** " (ECONNREFUSED)" — the code only; Node's messages can quote addresses and TLS details. */
function errCode(err: unknown): string {
  const code = err instanceof Error ? (err as NodeJS.ErrnoException).code : undefined;
  return typeof code === "string" && /^[A-Z0-9_]+$/.test(code) ? ` (${code})` : "";
}
