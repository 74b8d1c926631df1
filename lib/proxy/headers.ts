// Which headers cross the proxy. Going up: the caller's own, minus what describes the hop (RFC 9110 §7.6.1), the
// caller's credentials for Patchbay (Authorization, cookies) and Patchbay's own controls; the provider's
// credential is attached afterwards by the one seam (attach-credential.ts). Coming down: the provider's, minus the
// hop and any Set-Cookie (a provider's session cookie is for Patchbay's client, never for the caller's browser).
import type { TAnswerHeaders } from "@/lib/answer";
import type { THeaderReader } from "@/lib/header-reader";

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
  "expect",
]);
const NEVER_UP = new Set([
  "authorization",
  "cookie",
  "forwarded",
  "x-real-ip",
  "x-request-id",
  "content-length",
]);
const NEVER_DOWN = new Set(["set-cookie", "set-cookie2", "content-length", "x-request-id"]);

/** Names listed in a Connection header are hop-by-hop too. */
function listedInConnection(headers: THeaderReader): Set<string> {
  const out = new Set<string>();
  for (const token of (headers.get("connection") ?? "").split(",")) {
    const name = token.trim().toLowerCase();
    if (name) out.add(name);
  }
  return out;
}

export function isPatchbayHeader(name: string): boolean {
  const n = name.toLowerCase();
  return n.startsWith("patchbay-") || n.startsWith("x-patchbay-");
}

/**
 * The caller's headers that go up, as a plain record (lower-case names; the proxy adds to it and hands it to
 * undici as it is). A repeated header arrives joined (", "), as Headers would give it.
 */
export function upstreamHeaderRecord(incoming: THeaderReader): Record<string, string> {
  const listed = listedInConnection(incoming);
  const out: Record<string, string> = {};
  incoming.forEach((value, name) => {
    const n = name.toLowerCase();
    if (HOP_BY_HOP.has(n) || NEVER_UP.has(n) || listed.has(n) || isPatchbayHeader(n)) return;
    if (n.startsWith("x-forwarded-")) return;
    out[n] = value;
  });
  return out;
}

/** The same as a Web Headers. */
export function upstreamRequestHeaders(incoming: THeaderReader): Headers {
  return new Headers(upstreamHeaderRecord(incoming));
}

/**
 * Provider response headers for the caller, as the answer's header record (lower-case names; repeated headers as
 * arrays). Content-Length is left to the sink (it frames what it sends).
 */
export function downstreamHeaderRecord(raw: Record<string, string | string[] | undefined>): TAnswerHeaders {
  const out: TAnswerHeaders = {};
  const connection = raw.connection;
  const listed =
    connection === undefined
      ? null
      : new Set(
          (Array.isArray(connection) ? connection.join(",") : connection)
            .split(",")
            .map((t) => t.trim().toLowerCase())
            .filter(Boolean),
        );
  for (const name in raw) {
    const value = raw[name];
    const n = name.toLowerCase();
    if (value === undefined || HOP_BY_HOP.has(n) || NEVER_DOWN.has(n) || listed?.has(n)) continue;
    const had = out[n];
    if (had === undefined) out[n] = Array.isArray(value) ? [...value] : value;
    else out[n] = [...(Array.isArray(had) ? had : [had]), ...(Array.isArray(value) ? value : [value])];
  }
  return out;
}

/** The same as a Web Headers (a value Headers rejects is dropped rather than failing the response). */
export function downstreamResponseHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const out = new Headers();
  for (const [n, value] of Object.entries(downstreamHeaderRecord(raw))) {
    for (const v of Array.isArray(value) ? value : [value]) {
      try {
        out.append(n, v);
      } catch {
        // dropped
      }
    }
  }
  return out;
}
