// The proxy's keep-alive pools (undici Agent), one per outbound policy. The address policy is applied where a
// socket is made: the Agent's connect-time `lookup` resolves the host, refuses it if ANY address is not allowed
// (the same rule as guardedFetch) and hands the socket exactly the addresses it checked, so a pooled connection
// is checked once and pinned for its life — no DNS + policy cost per request, and no rebinding between check and
// connect. IP literals skip `lookup` in node:net, so they are judged before dispatch (target-url.ts refuseHost and
// checkLiteralTarget below). Pools live on globalThis (Next bundles routes separately).
import dns from "node:dns";
import net from "node:net";
import { Agent } from "undici";
import { classifyAddress } from "@/lib/outbound/address-policy";

export const BLOCKED_CODE = "EPATCHBAY_BLOCKED";

export class BlockedAddressError extends Error {
  readonly code = BLOCKED_CODE;
  constructor(readonly range: string) {
    super(`the host resolves to an address in a ${range} range`);
    this.name = "BlockedAddressError";
  }
}

type TLookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: dns.LookupOptions, callback: TLookupCallback): void => {
    dns.lookup(hostname, { all: true, verbatim: true, family: options.family ?? 0 }, (err, addresses) => {
      if (err) {
        callback(err, "", 0);
        return;
      }
      if (addresses.length === 0) {
        const none: NodeJS.ErrnoException = new Error("the host has no addresses");
        none.code = "ENOTFOUND";
        callback(none, "", 0);
        return;
      }
      for (const { address } of addresses) {
        const cls = classifyAddress(address);
        if (cls.verdict === "public" || (cls.verdict === "private" && allowPrivate)) continue;
        callback(new BlockedAddressError(cls.range), "", 0);
        return;
      }
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/** Why a literal target address is refused, or null. */
export function checkLiteralTarget(hostname: string, allowPrivate: boolean): string | null {
  const bare = hostname.replace(/^\[|\]$/g, "");
  if (net.isIP(bare) === 0) return null;
  const cls = classifyAddress(bare);
  if (cls.verdict === "public" || (cls.verdict === "private" && allowPrivate)) return null;
  return `the address is in a ${cls.range} range`;
}

const KEY = Symbol.for("patchbay.proxy.agents");
type TGlobal = typeof globalThis & { [KEY]?: Map<string, Agent> };

export function proxyAgent(opts: { allowPrivate: boolean; connectTimeoutMs?: number }): Agent {
  const g = globalThis as TGlobal;
  const agents = (g[KEY] ??= new Map<string, Agent>());
  const connectTimeout = opts.connectTimeoutMs ?? 5_000;
  const key = `${String(opts.allowPrivate)}:${String(connectTimeout)}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = new Agent({
      keepAliveTimeout: 10_000,
      keepAliveMaxTimeout: 60_000,
      connections: 256,
      connect: { lookup: guardedLookup(opts.allowPrivate), timeout: connectTimeout },
    });
    agents.set(key, agent);
  }
  return agent;
}

/** Tests: close every pool (sockets to fakes that are shutting down). */
export async function closeProxyAgentsForTests(): Promise<void> {
  const g = globalThis as TGlobal;
  const agents = g[KEY];
  if (!agents) return;
  g[KEY] = new Map();
  await Promise.all([...agents.values()].map((a) => a.close().catch(() => undefined)));
}
