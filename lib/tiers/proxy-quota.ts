// The tier's monthly quota of proxied calls, checked on the proxy's hot path without a database query per request.
//
// What counts: proxied calls that reached the provider (any status it answered), per team per calendar month
// (UTC) — ConnectionUsageDay's `calls − patchbayErrors`. Calls Patchbay refused or could not deliver (this
// quota's own 402, rate limits, an unusable connection, an unreachable provider) do not count.
//
// How it is known: used = written + pending, where
//   - written is the month's flushed total (TeamUsageMonth, lib/usage), cached per team here and reread when this
//     process has flushed since it was read (usageGeneration moved: pending just lost what the flush wrote) —
//     awaited, once per team per flush (every 5 s) — and in the background after REFRESH_MS, which is how other
//     instances' calls arrive;
//   - pending is what this process counted and has not written yet (pendingTeamMonthCalls), read from memory.
// Precision, said in the README: exact on one instance give or take the calls in flight (a check and its count
// are not atomic, so N concurrent calls at the edge can pass together); with several instances, each sees the
// others' calls only once they are flushed (≤ 5 s) and reread (≤ REFRESH_MS), so a fleet can overshoot by a few
// seconds of its traffic. The month total outlives the connections: deleting one does not give quota back.
import { getTeamMonthCalls } from "@/lib/usage/team-usage";
import { pendingTeamMonthCalls, usageGeneration } from "@/lib/usage/record-proxy-usage";
import { ProxyQuotaExceeded } from "@/lib/tiers/errors";
import { getTeamTier } from "@/lib/tiers/get-team-tier";

const REFRESH_MS = 5_000;
const MAX_TEAMS = 10_000;

type TEntry = {
  month: string;
  written: number;
  generation: number;
  readAt: number;
  loading: Promise<void> | null;
};

const g = globalThis as { __patchbayMonthCalls?: Map<string, TEntry> };
const entries = (g.__patchbayMonthCalls ??= new Map<string, TEntry>());

export function monthOf(now: number): { month: string; start: Date; resetsAt: Date } {
  const d = new Date(now);
  const start = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
  const resetsAt = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
  return { month: start.toISOString().slice(0, 7), start, resetsAt };
}

function load(teamId: string, month: string, start: Date, entry: TEntry | undefined): Promise<void> {
  if (entry?.loading && entry.month === month) return entry.loading;
  const generation = usageGeneration();
  const readAt = Date.now();
  const target: TEntry =
    entry && entry.month === month ? entry : { month, written: 0, generation: -1, readAt: 0, loading: null };
  if (!entries.has(teamId) && entries.size >= MAX_TEAMS) entries.delete(entries.keys().next().value ?? "");
  entries.set(teamId, target);
  target.loading = getTeamMonthCalls(teamId, start)
    .then(
      (written) => {
        target.written = written;
        target.generation = generation;
        target.readAt = readAt;
      },
      () => undefined, // keep the older number; the next call tries again
    )
    .finally(() => {
      target.loading = null;
    });
  return target.loading;
}

/** This month's proxied calls that count against the quota (see header for the precision). */
export async function getMonthProxyCalls(teamId: string, now = Date.now()): Promise<number> {
  const { month, start } = monthOf(now);
  let e = entries.get(teamId);
  if (!e || e.month !== month || e.generation !== usageGeneration()) {
    await load(teamId, month, start, e);
    e = entries.get(teamId);
  } else if (Date.now() - e.readAt > REFRESH_MS) {
    void load(teamId, month, start, e); // other instances' flushes: the slightly older number serves meanwhile
  }
  return (e?.month === month ? e.written : 0) + pendingTeamMonthCalls(teamId, month);
}

/** The proxy calls this before doing anything else: 402 quota_exceeded once the month's quota is used. */
export async function assertProxyQuota(teamId: string, now = Date.now()): Promise<void> {
  const tier = await getTeamTier(teamId);
  const limit = tier.monthly_proxy_calls;
  if (limit === null) return;
  const used = await getMonthProxyCalls(teamId, now);
  if (used >= limit)
    throw new ProxyQuotaExceeded({ tier: tier.id, limit, used, resetsAt: monthOf(now).resetsAt });
}

/** Tests only: forget the cached totals. */
export function resetMonthCallsForTests() {
  entries.clear();
}
