// Usage per connection per UTC day, without a database write per request: each proxied request adds to an
// in-memory aggregate (O(1), no I/O); flushUsage() writes the aggregate every FLUSH_INTERVAL_MS as one batch of
// increment upserts (repo.ts) and once more on shutdown (boot.ts, SIGTERM/SIGINT).
//
// What a crash loses: the requests since the last successful flush — at most FLUSH_INTERVAL_MS of traffic on
// that instance (plus, if the database was unreachable, the backlog kept in memory for the next attempt, capped
// at MAX_PENDING_KEYS rows). A clean shutdown loses nothing. Counts are never doubled: a flush's snapshot is
// taken out of the aggregate before it is written and merged back only if the write failed.
//
// The aggregate lives on globalThis: the proxy routes (which record) and instrumentation (which flushes) are
// separate bundles in Next.js.
import { log } from "@/lib/log";
import { incrementUsageRows, type TUsageRow } from "@/lib/usage/repo";
import { emptyCounts, type TUsageCounts, type TUsageSample } from "@/lib/usage/types";

export const FLUSH_INTERVAL_MS = 5_000;
const MAX_PENDING_KEYS = 100_000;

type TAgg = TUsageCounts & { teamId: string; connectionId: string; day: string };
type TState = {
  agg: Map<string, TAgg>;
  /** billable calls (the provider was called) per `teamId|YYYY-MM` not yet written: in `agg` or in flight */
  teamMonth: Map<string, number>;
  inFlight: Map<string, number>;
  /** bumped after every successful write, so readers of the written totals know theirs are older */
  generation: number;
  flushing: Promise<number> | null;
  timer: NodeJS.Timeout | null;
};

const g = globalThis as { __patchbayUsage?: TState };
const state = (): TState =>
  (g.__patchbayUsage ??= {
    agg: new Map(),
    teamMonth: new Map(),
    inFlight: new Map(),
    generation: 0,
    flushing: null,
    timer: null,
  });

const bump = (m: Map<string, number>, key: string, n: number) => m.set(key, (m.get(key) ?? 0) + n);

// The UTC day of a timestamp: a one-entry memo of the last day formatted, so the hot path formats a date once a
// day rather than twice per request. Correct for any timestamp (the memo is checked against the day's bounds).
const DAY_MS = 86_400_000;
let dayStart = 0;
let dayEnd = -1;
let dayText = "";
const utcDay = (ms: number): string => {
  if (ms >= dayStart && ms < dayEnd) return dayText;
  dayStart = ms - (((ms % DAY_MS) + DAY_MS) % DAY_MS);
  dayEnd = dayStart + DAY_MS;
  dayText = new Date(dayStart).toISOString().slice(0, 10);
  return dayText;
};

function add(into: TUsageCounts, from: TUsageCounts) {
  into.calls += from.calls;
  into.bytesIn += from.bytesIn;
  into.bytesOut += from.bytesOut;
  into.s2xx += from.s2xx;
  into.s3xx += from.s3xx;
  into.s4xx += from.s4xx;
  into.s5xx += from.s5xx;
  into.patchbayErrors += from.patchbayErrors;
}

function slot(agg: Map<string, TAgg>, teamId: string, connectionId: string, day: string): TAgg | null {
  const key = `${connectionId}|${day}`;
  let a = agg.get(key);
  if (!a) {
    if (agg.size >= MAX_PENDING_KEYS) return null;
    agg.set(key, (a = { teamId, connectionId, day, ...emptyCounts() }));
  }
  return a;
}

/** Hot path: counts one proxied request. Requests that resolved no connection are not counted. */
export function recordProxyUsage(s: TUsageSample, now = Date.now()): void {
  if (!s.connectionId) return;
  const day = utcDay(now);
  const a = slot(state().agg, s.teamId, s.connectionId, day);
  if (!a) return; // the database has been away long enough to fill the backlog: drop rather than grow
  a.calls++;
  a.bytesIn += Math.max(0, s.bytesIn || 0);
  a.bytesOut += Math.max(0, s.bytesOut || 0);
  if (s.patchbayError ?? s.upstreamMs === null) {
    a.patchbayErrors++;
    return;
  }
  bump(state().teamMonth, `${s.teamId}|${day.slice(0, 7)}`, 1);
  if (s.status >= 200 && s.status < 300) a.s2xx++;
  else if (s.status >= 300 && s.status < 400) a.s3xx++;
  else if (s.status >= 400 && s.status < 500) a.s4xx++;
  else if (s.status >= 500) a.s5xx++;
}

/**
 * Billable calls (calls − Patchbay errors: the provider was called) of `teamId` in the UTC month `YYYY-MM` that
 * this process counted but has not written yet — including a flush in flight. Added to the written total by the
 * monthly quota (lib/tiers), which rereads that total when `usageGeneration()` moves.
 */
export function pendingTeamMonthCalls(teamId: string, month: string): number {
  const st = state();
  const key = `${teamId}|${month}`;
  return (st.teamMonth.get(key) ?? 0) + (st.inFlight.get(key) ?? 0);
}

/** How many flushes of this process have been written (see pendingTeamMonthCalls). */
export function usageGeneration(): number {
  return state().generation;
}

/** Counts not yet written, summed (tests and the shutdown log). */
export function pendingUsageCalls(): number {
  let n = 0;
  for (const a of state().agg.values()) n += a.calls;
  return n;
}

async function flushOnce(st: TState): Promise<number> {
  if (st.agg.size === 0) return 0;
  const snapshot = st.agg;
  st.agg = new Map();
  st.inFlight = st.teamMonth;
  st.teamMonth = new Map();
  const rows: TUsageRow[] = [...snapshot.values()];
  try {
    await incrementUsageRows(rows);
    st.generation++;
    st.inFlight = new Map();
    return rows.length;
  } catch (err) {
    for (const [k, n] of st.inFlight) bump(st.teamMonth, k, n);
    st.inFlight = new Map();
    // Put it back for the next tick; requests counted meanwhile went into the new map and are merged.
    for (const r of rows) {
      const a = slot(st.agg, r.teamId, r.connectionId, r.day);
      if (a) add(a, r);
    }
    log.warn("usage flush failed; kept for the next attempt", {
      rows: rows.length,
      error: (err as Error).message,
    });
    return 0;
  }
}

/** Writes everything counted so far; concurrent callers share one write. Resolves to the rows written. */
export async function flushUsage(): Promise<number> {
  const st = state();
  while (st.flushing) await st.flushing; // a flush in flight took a snapshot before our latest counts
  st.flushing = flushOnce(st);
  try {
    return await st.flushing;
  } finally {
    st.flushing = null;
  }
}

export function startUsageFlusher(intervalMs = FLUSH_INTERVAL_MS): void {
  const st = state();
  if (st.timer) return;
  st.timer = setInterval(() => void flushUsage(), intervalMs);
  st.timer.unref();
}

/** Shutdown: stop the timer and write what is left. */
export async function stopUsageFlusher(): Promise<void> {
  const st = state();
  if (st.timer) clearInterval(st.timer);
  st.timer = null;
  const pending = pendingUsageCalls();
  await flushUsage();
  if (pending) log.info("usage flushed on shutdown", { calls: pending });
}
