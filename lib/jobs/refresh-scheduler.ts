// Synchronous passes over the background duties, for tests and for running one pass by hand. In the app these
// duties run on the job queue instead (lib/connections/jobs.ts: a scan fans out one job per connection, started by
// lib/boot through lib/jobs/all-jobs.ts); these functions do the same work in-line, one connection after another.
// Safe next to the queue and on any number of instances: refreshConnection's lease lets exactly one caller refresh
// each connection, and re-checks under the lease that it is still due.
import { findDueForHealthCheck, findDueForRefresh } from "@/lib/connections/find-due";
import { REFRESH_AT_LIFETIME_FRACTION } from "@/lib/connections/refresh-due";
import { refreshConnection } from "@/lib/connections/refresh-connection";
import { runHealthCheck } from "@/lib/connections/test-connection";
import { log } from "@/lib/log";

/** One pass; returns how many connections were refreshed. */
export async function refreshDueConnections(marginMs: number, batch = 25): Promise<number> {
  const due = await findDueForRefresh(new Date(), marginMs, 1 - REFRESH_AT_LIFETIME_FRACTION, batch);
  let refreshed = 0;
  for (const c of due) {
    try {
      const out = await refreshConnection(c.teamId, c.id, { minValidityMs: marginMs });
      if (out.refreshed) refreshed++;
    } catch (err) {
      // Classified and recorded on the connection by refreshConnection; the pass just moves on.
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
