// Proactive refresh: every tick, pick OAuth connections whose token is due and refresh them. Due means the token
// expires within the margin AND 80 % of its lifetime has elapsed (lib/connections/refresh-due.ts), so a token
// shorter than the margin is refreshed once per 80 % of its lifetime, not on every tick by every instance.
// Safe with any number of app instances: refreshConnection's lease row lets exactly one instance do each one, and
// re-checks under the lease that it is still due (another instance may have refreshed it a moment ago).
import { findDueForHealthCheck, findDueForRefresh } from "@/lib/connections/find-due";
import { REFRESH_AT_LIFETIME_FRACTION } from "@/lib/connections/refresh-due";
import { refreshConnection } from "@/lib/connections/refresh-connection";
import { runHealthCheck } from "@/lib/connections/test-connection";
import { noticeExpiringTokens } from "@/lib/connections/notice-expiring-tokens";
import { log } from "@/lib/log";

/** Tokens that cannot be renewed are flagged this long before they expire. */
const EXPIRY_NOTICE_MS = 7 * 24 * 3600_000;

export type TSchedulerOptions = {
  intervalMs: number;
  marginMs: number;
  batch?: number;
  healthCheckMs?: number;
};

const g = globalThis as { __patchbayRefreshTimer?: NodeJS.Timeout };

/** One pass; returns how many connections were refreshed. Exposed for tests and for an external cron. */
export async function refreshDueConnections(marginMs: number, batch = 25): Promise<number> {
  const due = await findDueForRefresh(new Date(), marginMs, 1 - REFRESH_AT_LIFETIME_FRACTION, batch);
  let refreshed = 0;
  for (const c of due) {
    try {
      const out = await refreshConnection(c.teamId, c.id, { minValidityMs: marginMs });
      if (out.refreshed) refreshed++;
    } catch (err) {
      // Classified and recorded on the connection by refreshConnection; the scheduler just moves on.
      log.info("scheduled refresh did not succeed", {
        connectionId: c.id,
        error: err instanceof Error ? err.message : "unknown",
      });
    }
  }
  return refreshed;
}

/** One pass of scheduled health checks (the provider's lightweight read) for connections not checked lately. */
export async function checkStaleConnections(maxAgeMs: number, batch = 10): Promise<number> {
  const due = await findDueForHealthCheck(new Date(Date.now() - maxAgeMs), batch);
  for (const c of due) {
    await runHealthCheck(c.teamId, c.id, c.authMode).catch((err: unknown) =>
      log.info("scheduled health check failed", {
        connectionId: c.id,
        error: err instanceof Error ? err.message : "unknown",
      }),
    );
  }
  return due.length;
}

export function startRefreshScheduler(opts: TSchedulerOptions): void {
  if (g.__patchbayRefreshTimer || opts.intervalMs <= 0) return;
  let running = false;
  g.__patchbayRefreshTimer = setInterval(() => {
    if (running) return;
    running = true;
    refreshDueConnections(opts.marginMs, opts.batch)
      .then(() => noticeExpiringTokens(EXPIRY_NOTICE_MS))
      .then(() => (opts.healthCheckMs ? checkStaleConnections(opts.healthCheckMs) : 0))
      .catch((err: unknown) => log.error("refresh scheduler tick failed", { error: err }))
      .finally(() => {
        running = false;
      });
  }, opts.intervalMs);
  g.__patchbayRefreshTimer.unref();
}

export function stopRefreshScheduler(): void {
  clearInterval(g.__patchbayRefreshTimer);
  g.__patchbayRefreshTimer = undefined;
}
