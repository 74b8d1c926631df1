// Which addresses and hosts the outbound guard may reach. Everything here fails closed: an address we cannot parse,
// or one outside the globally routable space, is refused.
import { outboundEnv } from "@/lib/env";
import net from "node:net";

export type TOutboundPolicy = {
  /** Allow loopback/private targets. NEVER true in production; tests and the local Sandbox provider need it. */
  allowPrivate: boolean;
  /** Optional host allow-list (exact host or "*.example.com"); when set, other hosts are refused. */
  allowHosts?: string[];
};

/**
 * public    — globally routable, always allowed.
 * private   — loopback, RFC 1918, CGNAT, documentation, reserved …: allowed only with `allowPrivate`.
 * forbidden — link-local (cloud metadata lives at 169.254.169.254 / fd00:ec2::254), multicast, broadcast and
 *             unparseable input: refused even with `allowPrivate`, because nothing legitimate — not even a local
 *             test server — lives there, while a misconfigured `allowPrivate=true` on a cloud VM would otherwise
 *             hand out instance credentials.
 */
export type TAddressVerdict = "public" | "private" | "forbidden";
export type TAddressClass = { verdict: "public" } | { verdict: "private" | "forbidden"; range: string };

type TRange<T> = { base: T; bits: number; range: string; verdict: "private" | "forbidden" };

const V4_RANGES: TRange<number>[] = [
  v4("0.0.0.0/8", "unspecified", "private"),
  v4("10.0.0.0/8", "private", "private"),
  v4("100.64.0.0/10", "carrier-grade NAT", "private"),
  v4("127.0.0.0/8", "loopback", "private"),
  v4("169.254.0.0/16", "link-local", "forbidden"),
  v4("172.16.0.0/12", "private", "private"),
  v4("192.0.0.0/24", "reserved", "private"),
  v4("192.0.2.0/24", "documentation", "private"),
  v4("192.88.99.0/24", "reserved", "private"),
  v4("192.168.0.0/16", "private", "private"),
  v4("198.18.0.0/15", "benchmarking", "private"),
  v4("198.51.100.0/24", "documentation", "private"),
  v4("203.0.113.0/24", "documentation", "private"),
  v4("224.0.0.0/4", "multicast", "forbidden"),
  v4("255.255.255.255/32", "broadcast", "forbidden"),
  v4("240.0.0.0/4", "reserved", "private"),
];

// Checked in order; the first match wins. Anything that matches none and is outside 2000::/3 (the only block IANA
// hands out as global unicast) is reserved.
const V6_RANGES: TRange<bigint>[] = [
  v6("::/128", "unspecified", "private"),
  v6("::1/128", "loopback", "private"),
  v6("::/96", "reserved", "private"), // deprecated IPv4-compatible addresses
  v6("64:ff9b:1::/48", "private", "private"), // local-use NAT64
  v6("fe80::/10", "link-local", "forbidden"),
  v6("ff00::/8", "multicast", "forbidden"),
  v6("fd00:ec2::254/128", "link-local", "forbidden"), // AWS instance metadata over IPv6
  v6("fc00::/7", "unique-local", "private"),
  v6("fec0::/10", "private", "private"), // deprecated site-local
  v6("2001:db8::/32", "documentation", "private"),
  v6("3fff::/20", "documentation", "private"),
  v6("2001::/23", "reserved", "private"), // IETF protocol assignments, incl. Teredo (embeds an obfuscated IPv4)
];

const V6_GLOBAL_UNICAST = v6("2000::/3", "", "private");
const V4_MAPPED = v6("::ffff:0:0/96", "", "private");
const NAT64 = v6("64:ff9b::/96", "", "private");
const SIX_TO_FOUR = v6("2002::/16", "", "private");

/** Classifies one IP address (v4 dotted quad or v6, optionally with a %zone). */
export function classifyAddress(address: string): TAddressClass {
  const bare = address.replace(/%.*$/, "");
  const kind = net.isIP(bare);
  if (kind === 4) {
    const value = parseIPv4(bare);
    return value === undefined ? invalid() : classifyV4(value);
  }
  if (kind === 6) {
    const value = parseIPv6(bare);
    return value === undefined ? invalid() : classifyV6(value);
  }
  return invalid();
}

/** True when the policy lets us connect to this address. */
export function isAddressAllowed(address: string, policy: TOutboundPolicy): boolean {
  const { verdict } = classifyAddress(address);
  return verdict === "public" || (verdict === "private" && policy.allowPrivate);
}

/**
 * Allow-list match: "api.example.com" matches only itself; "*.example.com" matches any subdomain at any depth but
 * not example.com itself. Case and a trailing dot are ignored.
 */
export function isHostAllowed(hostname: string, allowHosts: readonly string[] | undefined): boolean {
  if (allowHosts === undefined) return true;
  const host = normaliseHost(hostname);
  return allowHosts.some((pattern) => hostMatches(host, pattern));
}

export function hostMatches(hostname: string, pattern: string): boolean {
  const host = normaliseHost(hostname);
  const p = normaliseHost(pattern);
  if (p.startsWith("*.")) {
    const suffix = p.slice(1); // ".example.com"
    return host.length > suffix.length && host.endsWith(suffix);
  }
  return p.length > 0 && host === p;
}

export function normaliseHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");
}

let policyOverride: TOutboundPolicy | undefined;
// The policy parsed from the environment, kept while the two settings read the same (they are read on every call,
// so a change applies at once; the parse runs once per change, not once per proxied request).
let parsed: { allowPrivate: boolean; allowHosts: string; policy: TOutboundPolicy } | undefined;

/**
 * The policy from the environment (read on every call so tests and restarts see changes):
 * PATCHBAY_OUTBOUND_ALLOW_PRIVATE=true|false (anything but "true" is false) and
 * PATCHBAY_OUTBOUND_ALLOW_HOSTS=comma,separated,list (unset or empty: no allow-list).
 * Read through outboundEnv() (lib/env.ts, which declares and validates them) without the rest of env(), because
 * this module is also used by scripts and tests that never load the full configuration. The same settings give the
 * same (frozen) policy object: it is parsed once per change, not once per proxied request.
 */
export function getOutboundPolicy(): TOutboundPolicy {
  if (policyOverride) return policyOverride;
  const { allowPrivate, allowHosts } = outboundEnv();
  if (parsed?.allowPrivate === allowPrivate && parsed.allowHosts === allowHosts) return parsed.policy;
  const hosts = allowHosts
    .split(",")
    .map((h) => normaliseHost(h))
    .filter((h) => h.length > 0);
  Object.freeze(hosts); // shared by every caller until the settings change: nobody may change it
  const policy: TOutboundPolicy = Object.freeze(
    hosts.length > 0 ? { allowPrivate, allowHosts: hosts } : { allowPrivate },
  );
  parsed = { allowPrivate, allowHosts, policy };
  return policy;
}

/** Replaces the environment policy until called again with undefined. Tests only. */
export function setOutboundPolicyForTests(p: TOutboundPolicy | undefined): void {
  policyOverride = p;
}

// ─── parsing ────────────────────────────────────────────────────────────────────────────────────────────────────

function classifyV4(value: number): TAddressClass {
  for (const r of V4_RANGES) {
    if (inRange4(value, r)) return { verdict: r.verdict, range: r.range };
  }
  return { verdict: "public" };
}

function classifyV6(value: bigint): TAddressClass {
  // Addresses that carry an IPv4 address inside are judged by that address: ::ffff:127.0.0.1 is loopback, and
  // 64:ff9b::a00:1 reaches 10.0.0.1 through a NAT64 gateway.
  if (inRange6(value, V4_MAPPED) || inRange6(value, NAT64)) return classifyV4(Number(value & 0xffffffffn));
  if (inRange6(value, SIX_TO_FOUR)) return classifyV4(Number((value >> 80n) & 0xffffffffn));
  for (const r of V6_RANGES) {
    if (inRange6(value, r)) return { verdict: r.verdict, range: r.range };
  }
  if (!inRange6(value, V6_GLOBAL_UNICAST)) return { verdict: "private", range: "reserved" };
  return { verdict: "public" };
}

function invalid(): TAddressClass {
  return { verdict: "forbidden", range: "invalid address" };
}

function inRange4(value: number, r: TRange<number>): boolean {
  if (r.bits === 0) return true;
  const mask = (0xffffffff << (32 - r.bits)) >>> 0;
  return (value & mask) >>> 0 === r.base;
}

function inRange6(value: bigint, r: TRange<bigint>): boolean {
  const shift = BigInt(128 - r.bits);
  return value >> shift === r.base >> shift;
}

/** Strict dotted quad only (what dns.lookup and the WHATWG URL parser produce). */
export function parseIPv4(s: string): number | undefined {
  const parts = s.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

/** Full IPv6 syntax incl. "::" and a dotted-quad tail; returns the 128-bit value. */
export function parseIPv6(s: string): bigint | undefined {
  let text = s.toLowerCase();
  const tail: string[] = [];
  const lastColon = text.lastIndexOf(":");
  const last = text.slice(lastColon + 1);
  if (last.includes(".")) {
    const v4value = parseIPv4(last);
    if (v4value === undefined) return undefined;
    tail.push((v4value >>> 16).toString(16), (v4value & 0xffff).toString(16));
    text = text.slice(0, lastColon + 1) + "0"; // placeholder hextet, replaced below
  }
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const split = (h: string | undefined) => (h ? h.split(":") : []);
  const head = split(halves[0]);
  const rest = split(halves[1]);
  if (tail.length > 0) {
    // Swap the placeholder for the two hextets of the embedded IPv4 address.
    const target = halves.length === 2 ? rest : head;
    target.pop();
    target.push(...tail);
  }
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...rest];
  let value = 0n;
  for (const g of groups) {
    if (!/^[0-9a-f]{1,4}$/.test(g)) return undefined;
    value = (value << 16n) | BigInt(parseInt(g, 16));
  }
  return value;
}

function v4(cidr: string, range: string, verdict: "private" | "forbidden"): TRange<number> {
  const [ip, bits] = cidr.split("/");
  const base = parseIPv4(ip ?? "");
  if (base === undefined || bits === undefined) throw new Error(`bad CIDR ${cidr}`);
  return { base, bits: Number(bits), range, verdict };
}

function v6(cidr: string, range: string, verdict: "private" | "forbidden"): TRange<bigint> {
  const [ip, bits] = cidr.split("/");
  const base = parseIPv6(ip ?? "");
  if (base === undefined || bits === undefined) throw new Error(`bad CIDR ${cidr}`);
  return { base, bits: Number(bits), range, verdict };
}
