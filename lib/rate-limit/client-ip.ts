// The one place that decides which IP address a request came from (sign-in limits, defineRoute, defineAction).
//
// X-Forwarded-For is a list every hop appends to: "client, proxy1, proxy2". Only the entries appended by hops we
// trust mean anything; whatever is to their left was typed by the client. Next.js itself only sets the header
// when it is absent (`??=` in next/dist/server/base-server.js, 16.4), so a client could name any address; that is
// why lib/http/stamp-socket-address.ts appends the socket's peer address to the header before Next sees the
// request. The list therefore always ends with the peer address, and we read it right to left:
//   - no trusted proxy (the default): the rightmost entry — the socket peer, which the client cannot choose;
//   - a hop count N: skip N entries from the right (the proxies' own addresses), take the next;
//   - CIDRs: skip entries inside the trusted ranges, take the first one outside them.
import net from "node:net";
import { env, type TTrustedProxies } from "@/lib/env";
import type { THeaderReader } from "@/lib/header-reader";

type THeaderBag = THeaderReader | Record<string, string | string[] | undefined> | null | undefined;

const isReader = (h: object): h is THeaderReader => typeof (h as { get?: unknown }).get === "function";

function headerValue(headers: THeaderBag, name: string): string | undefined {
  if (!headers) return undefined;
  if (isReader(headers)) return headers.get(name) ?? undefined;
  const v = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(",") : v;
}

/** "::ffff:1.2.3.4" (an IPv4 peer on a dual-stack socket) is 1.2.3.4. */
export function normalizeIp(raw: string): string | null {
  let s = raw.trim();
  if (s.startsWith("[") && s.includes("]"))
    s = s.slice(1, s.indexOf("]")); // "[::1]:443"
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(s)) s = s.slice(0, s.lastIndexOf(":")); // "1.2.3.4:5678"
  const mapped = s.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i);
  if (mapped) s = mapped[1]!;
  return net.isIP(s) ? s.toLowerCase() : null;
}

const blockLists = new Map<string, net.BlockList>();

function trustedRanges(cidrs: string[]): net.BlockList {
  const key = cidrs.join(",");
  let list = blockLists.get(key);
  if (!list) {
    list = new net.BlockList();
    for (const c of cidrs) {
      const [addr, bits] = c.split("/") as [string, string | undefined];
      const ip = normalizeIp(addr);
      if (!ip) continue;
      const type = net.isIP(ip) === 4 ? "ipv4" : "ipv6";
      if (bits === undefined) list.addAddress(ip, type);
      else list.addSubnet(ip, Number(bits), type);
    }
    blockLists.set(key, list);
  }
  return list;
}

function isTrusted(ip: string, cidrs: string[]): boolean {
  return trustedRanges(cidrs).check(ip, net.isIP(ip) === 4 ? "ipv4" : "ipv6");
}

/**
 * The client address of a request, from its headers (Request.headers, next/headers, or next-auth's plain object).
 * "unknown" only when there is no usable entry at all (a request that did not come through a socket).
 */
export function clientIp(headers: THeaderBag, trusted: TTrustedProxies = env().trustedProxies): string {
  const hops = (headerValue(headers, "x-forwarded-for") ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  if (hops.length === 0) return "unknown";
  let i = hops.length - 1;
  if (trusted.kind === "hops") i = Math.max(0, hops.length - 1 - trusted.hops);
  else if (trusted.kind === "cidrs") {
    while (i > 0) {
      const ip = normalizeIp(hops[i]!);
      if (!ip || !isTrusted(ip, trusted.cidrs)) break;
      i--;
    }
  }
  // An entry that is not an address was written by someone we do not trust: fall back to the nearest hop that is.
  for (let j = i; j < hops.length; j++) {
    const ip = normalizeIp(hops[j]!);
    if (ip) return ip;
  }
  return "unknown";
}
