// Where a proxied request goes: the provider's API base URL (filled from the connection) plus the caller's path and
// query — and nowhere else. Pure and synchronous; the address of the host is judged at connect time (agent.ts).
//
// Refused (nothing is sent):
//  - a path that is not relative to the base ("//host/…", "http://…", a backslash that browsers and some parsers
//    read as "/"), unless the caller named an absolute URL on the base's own origin (the JSON form only);
//  - any "." or ".." segment, also percent-encoded (%2e%2e is a dot segment to the WHATWG URL parser), so a path
//    can never climb out of the base path;
//  - control characters and whitespace in the path;
//  - a base whose host is an IP literal unless private targets are enabled (dev/test switch), and always the
//    link-local / metadata range (169.254.169.254, fd00:ec2::254);
//  - userinfo in the URL.
import net from "node:net";
import { classifyAddress, normaliseHost } from "@/lib/outbound/address-policy";

export type TTargetRefusal = { ok: false; reason: string };
export type TTarget = { ok: true; url: URL } | TTargetRefusal;

const refuse = (reason: string): TTargetRefusal => ({ ok: false, reason });

function hasDotSegment(path: string): boolean {
  return path.split("/").some((seg) => {
    let decoded = seg;
    try {
      decoded = decodeURIComponent(seg);
    } catch {
      return true; // malformed escapes are refused rather than guessed at
    }
    // "..%2F..%2Fadmin" is one segment here but two dot segments to an upstream that decodes before it resolves.
    return decoded.split(/[/\\]/).some((part) => part === "." || part === "..");
  });
}

/**
 * `pathAndQuery` is what the caller asked for, relative to the base ("/products.json?limit=5"; a missing leading
 * slash is added). With `allowAbsolute`, an absolute http(s) URL is accepted when its origin is the base's own.
 */
export function resolveTarget(
  baseUrl: string,
  pathAndQuery: string,
  opts: { allowAbsolute?: boolean; allowPrivate: boolean },
): TTarget {
  let base: URL;
  try {
    base = new URL(baseUrl);
  } catch {
    return refuse("the provider's API base URL is not valid for this connection");
  }
  if (base.protocol !== "https:" && base.protocol !== "http:") return refuse("the API base is not http(s)");
  if (base.username || base.password) return refuse("the API base carries credentials");
  const hostRefusal = refuseHost(base.hostname, opts.allowPrivate);
  if (hostRefusal) return hostRefusal;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f\\]/.test(pathAndQuery)) return refuse("the path contains a forbidden character");

  if (/^[a-z][a-z0-9+.-]*:/i.test(pathAndQuery)) {
    if (!opts.allowAbsolute)
      return refuse("an absolute URL is not accepted here; send a path relative to the API");
    let abs: URL;
    try {
      abs = new URL(pathAndQuery);
    } catch {
      return refuse("the URL is not valid");
    }
    if (abs.origin !== base.origin || abs.username || abs.password)
      return refuse("an absolute URL must be on the API's own host");
    const rawPath = pathAndQuery.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "").split(/[?#]/)[0] ?? "";
    if (hasDotSegment(rawPath)) return refuse("the path may not contain . or .. segments");
    abs.hash = "";
    return { ok: true, url: abs };
  }
  if (pathAndQuery.startsWith("//")) return refuse("a path may not start with //");
  const relative = pathAndQuery.startsWith("/") ? pathAndQuery : `/${pathAndQuery}`;
  const cut = relative.search(/[?#]/);
  const path = cut < 0 ? relative : relative.slice(0, cut);
  const rest = cut < 0 ? "" : relative.slice(cut);
  const query = rest.startsWith("?") ? rest.slice(1).split("#")[0]! : "";
  if (hasDotSegment(path)) return refuse("the path may not contain . or .. segments");

  const basePath = base.pathname.replace(/\/+$/, "");
  const url = new URL(base.origin);
  url.pathname = path === "/" && basePath ? basePath : basePath + path;
  // Keep the base's own query (rare) and append the caller's.
  const joined = [base.search.replace(/^\?/, ""), query].filter(Boolean).join("&");
  url.search = joined ? `?${joined}` : "";
  // Belt and braces: whatever the parser made of it must still be under the base.
  if (url.origin !== base.origin) return refuse("the path left the API's host");
  if (basePath && url.pathname !== basePath && !url.pathname.startsWith(`${basePath}/`))
    return refuse("the path left the API's base path");
  return { ok: true, url };
}

/** IP literals only with private targets allowed, and never link-local / multicast / unparseable ones. */
export function refuseHost(hostname: string, allowPrivate: boolean): TTargetRefusal | null {
  const host = normaliseHost(hostname);
  if (host === "") return refuse("the API base has no host");
  if (net.isIP(host) === 0) return null;
  const cls = classifyAddress(host);
  if (cls.verdict === "forbidden") return refuse(`the target address is in a ${cls.range} range`);
  if (!allowPrivate) return refuse("IP address targets are not allowed; the API must be named by host");
  return null;
}
