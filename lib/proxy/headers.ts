// Which headers cross the proxy. Going up: the caller's own, minus what describes the hop (RFC 9110 §7.6.1), the
// caller's credentials for Patchbay (Authorization, cookies) and Patchbay's own controls; the provider's
// credential is attached afterwards by the one seam (attach-credential.ts). Coming down: the provider's, minus the
// hop and any Set-Cookie (a provider's session cookie is for Patchbay's client, never for the caller's browser).
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
function listedInConnection(headers: Headers): Set<string> {
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

export function upstreamRequestHeaders(incoming: Headers): Headers {
  const listed = listedInConnection(incoming);
  const out = new Headers();
  incoming.forEach((value, name) => {
    if (HOP_BY_HOP.has(name) || NEVER_UP.has(name) || listed.has(name) || isPatchbayHeader(name)) return;
    if (name.startsWith("x-forwarded-")) return;
    out.append(name, value);
  });
  return out;
}

/** Provider response headers for the caller. Content-Length is left to the runtime (it frames what it sends). */
export function downstreamResponseHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const out = new Headers();
  const connection = raw.connection;
  const listed = new Set(
    (Array.isArray(connection) ? connection.join(",") : (connection ?? ""))
      .split(",")
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean),
  );
  for (const [name, value] of Object.entries(raw)) {
    const n = name.toLowerCase();
    if (value === undefined || HOP_BY_HOP.has(n) || NEVER_DOWN.has(n) || listed.has(n)) continue;
    for (const v of Array.isArray(value) ? value : [value]) {
      try {
        out.append(n, v);
      } catch {
        // a value Headers rejects is dropped rather than failing the response
      }
    }
  }
  return out;
}
