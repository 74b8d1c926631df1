// Test-only rerouting: lets integration and e2e tests send real provider URLs (https://demo.myshopify.com/…) to
// local fake servers without any product code knowing. PATCHBAY_OUTBOUND_HOST_MAP is a JSON object from a hostname
// (or "*.myshopify.com") to a base URL such as "http://127.0.0.1:45678"; the request keeps its path and query.
//
// The map is IGNORED when NODE_ENV === "production" unless PATCHBAY_OUTBOUND_ALLOW_PRIVATE=true is set as well:
// rerouting a provider host is exactly what an attacker who can set one env var would want, so a production
// server honours it only when it has also been explicitly opened to private targets — which is what the e2e suite
// does when it runs `next start` (NODE_ENV=production) against local fakes. The mapped target still goes through
// the address check, so it needs allowPrivate when it points at 127.0.0.1.
import { outboundEnv } from "@/lib/env";
import { z } from "zod";
import { hostMatches, normaliseHost } from "./address-policy";

export type TOutboundHostMap = Record<string, string>;

const ZBaseUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (
      (url.protocol === "http:" || url.protocol === "https:") &&
      url.search === "" &&
      url.hash === "" &&
      url.username === "" &&
      url.password === ""
    );
  } catch {
    return false;
  }
}, "must be an http(s) base URL without query, fragment or credentials");

const ZHostMap = z.record(z.string().min(1), ZBaseUrl);

let mapOverride: TOutboundHostMap | undefined;
let cached: { raw: string; map: TOutboundHostMap } | undefined;

/** Replaces PATCHBAY_OUTBOUND_HOST_MAP until called again with undefined. Tests only; same production rule. */
export function setOutboundHostMapForTests(map: TOutboundHostMap | undefined): void {
  mapOverride = map === undefined ? undefined : parseHostMap(map);
}

/** The active host map, or undefined when none applies (unset, or production without allow-private). */
export function getOutboundHostMap(): TOutboundHostMap | undefined {
  const { production, allowPrivate, hostMap } = outboundEnv();
  if (production && !allowPrivate) return undefined;
  if (mapOverride) return mapOverride;
  const raw = hostMap;
  if (!raw) return undefined;
  if (cached?.raw !== raw) {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      // Fail loudly rather than silently sending test traffic to the real provider.
      throw new Error("PATCHBAY_OUTBOUND_HOST_MAP must be a JSON object of host → base URL");
    }
    cached = { raw, map: parseHostMap(json) };
  }
  return cached.map;
}

/**
 * Where a request for `url` should really go, or undefined when no mapping applies. An exact host entry beats a
 * wildcard; among wildcards the longest suffix wins.
 */
export function mapOutboundUrl(
  url: URL,
  map: TOutboundHostMap | undefined = getOutboundHostMap(),
): URL | undefined {
  if (!map) return undefined;
  const host = normaliseHost(url.hostname);
  let best: { pattern: string; base: string } | undefined;
  for (const [pattern, base] of Object.entries(map)) {
    if (!hostMatches(host, pattern)) continue;
    const exact = !pattern.startsWith("*.");
    if (exact) {
      best = { pattern, base };
      break;
    }
    if (!best || pattern.length > best.pattern.length) best = { pattern, base };
  }
  if (!best) return undefined;
  const base = new URL(best.base);
  const prefix = base.pathname.replace(/\/+$/, "");
  const target = new URL(base.origin);
  target.pathname = prefix + url.pathname;
  target.search = url.search;
  return target;
}

function parseHostMap(input: unknown): TOutboundHostMap {
  const parsed = ZHostMap.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first?.path.map(String).join(".") ?? "";
    throw new Error(
      `PATCHBAY_OUTBOUND_HOST_MAP is invalid${where ? ` at "${where}"` : ""}: ${first?.message ?? ""}`,
    );
  }
  return Object.fromEntries(Object.entries(parsed.data).map(([host, base]) => [normaliseHost(host), base]));
}
