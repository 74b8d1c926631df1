// The background duties of connections, as jobs on the queue (lib/queue; started by lib/jobs/all-jobs.ts).
//
// Proactive refresh is a fan-out: a scan, sent by cron once a minute (pg-boss sends one job per tick whichever
// instance fires first, and the scan's "stately" queue never runs two scans at once), reads the connections falling
// due in the next LOOKAHEAD with one indexed query and enqueues one `connections.refresh` job per connection, to
// start at its due time (startAfter) — so the due-time error is the workers' poll interval plus any backlog, not the
// scan's period. The refresh queue's "short" policy keeps at most one queued job per connection (singletonKey = the
// connection id; a second enqueue is dropped), and refreshConnection's lease still makes exactly one process call
// the provider if anything else (a request, "Refresh now") refreshes at the same moment. Workers take batches with
// bounded concurrency; a job whose process dies is expired by pg-boss after the lease could have ended and retried.
//
// Health checks fan out the same way (a scan every 5 minutes, one `connections.health-check` job per connection);
// expiry notices are one singleton job every 10 minutes.
import { z } from "zod";
import { ConnectionError } from "@/lib/connections/errors";
import { findDueForHealthCheck } from "@/lib/connections/repo";
import { noticeExpiringTokens } from "@/lib/connections/notice-expiring-tokens";
import { REFRESH_AT_LIFETIME_FRACTION } from "@/lib/connections/refresh-due";
import { refreshConnection, refreshLeaseMs } from "@/lib/connections/refresh-connection";
import { findRefreshCandidates } from "@/lib/connections/repo";
import { runHealthCheck } from "@/lib/connections/test-connection";
import { AppError } from "@/lib/errors";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { defineJob, type TAnyJobDefinition } from "@/lib/queue/define-job";
import { enqueueMany } from "@/lib/queue/queue";

/** How far ahead a scan enqueues refreshes. > the cron period (60 s) + how late a tick may fire (pg-boss checks
 * its schedules every 30 s), so every due time is covered by at least one scan before it arrives. */
export const REFRESH_LOOKAHEAD_MS = 150_000;
/** Rows one scan reads at most (100k hourly tokens ≈ 4,200 per lookahead window). */
const SCAN_LIMIT = 50_000;
/** Tokens that cannot be renewed are flagged this long before they expire. */
const EXPIRY_NOTICE_MS = 7 * 24 * 3600_000;

const ZConnectionRef = z.object({ teamId: z.string().min(1), connectionId: z.string().min(1) });
type TConnectionRef = z.infer<typeof ZConnectionRef>;
const ZNoData = z.object({}).strict();

/** A failure refreshConnection / runHealthCheck already classified and recorded on the connection (status, last
 * error, backoff) is the job's outcome, not a reason to retry it; anything else (database down …) is thrown. */
const recorded = (err: unknown) =>
  err instanceof ConnectionError || (err instanceof AppError && err.code === "not_found");

export const refreshJob = defineJob<TConnectionRef>({
  name: "connections.refresh",
  schema: ZConnectionRef,
  options: {
    policy: "short",
    // 4 × 50 refreshes in flight per process: a refresh mostly waits (token endpoint, commits), so the work
    // overlaps; the lease keeps each connection single-flight whatever runs at once.
    batchSize: 50,
    concurrency: 4,
    pollingIntervalSeconds: 0.5,
    retryLimit: 3,
    retryDelaySeconds: 10,
    // Must outlast the refresh lease: a process that died mid-refresh holds it until then.
    expireInSeconds: Math.ceil(refreshLeaseMs() / 1000) + 30,
    retentionDays: 1,
  },
  handler: async ({ teamId, connectionId }) => {
    try {
      await refreshConnection(teamId, connectionId, {
        minValidityMs: env().refresh.marginMs,
        dueKnown: true, // the scan found it due; the lease-taking read checks again
      });
    } catch (err) {
      if (!recorded(err)) throw err;
      log.info("scheduled refresh did not succeed", {
        connectionId,
        error: err instanceof Error ? err.message : "unknown",
      });
    }
  },
});

/** One scan: enqueue a refresh job for every connection falling due within the lookahead. Returns how many. */
export async function scanDueRefreshes(now = new Date()): Promise<number> {
  const rows = await findRefreshCandidates(
    now,
    new Date(now.getTime() + REFRESH_LOOKAHEAD_MS),
    env().refresh.marginMs,
    1 - REFRESH_AT_LIFETIME_FRACTION,
    SCAN_LIMIT,
  );
  await enqueueMany(
    refreshJob,
    rows.map((r) => ({
      data: { teamId: r.teamId, connectionId: r.id },
      singletonKey: r.id,
      ...(r.startAt > now ? { startAfter: r.startAt } : {}),
    })),
  );
  return rows.length;
}

export const refreshScanJob = defineJob<Record<string, never>>({
  name: "connections.refresh-scan",
  schema: ZNoData,
  options: { policy: "stately", retryLimit: 0, expireInSeconds: 300 },
  schedule: { cron: "* * * * *", data: {} },
  handler: async () => {
    await scanDueRefreshes();
  },
});

export const healthCheckJob = defineJob<TConnectionRef & { authMode: string }>({
  name: "connections.health-check",
  schema: ZConnectionRef.extend({ authMode: z.string().min(1) }),
  options: {
    policy: "short",
    batchSize: 10,
    concurrency: 1,
    retryLimit: 1,
    expireInSeconds: 120,
    retentionDays: 1,
  },
  handler: async ({ teamId, connectionId, authMode }) => {
    try {
      await runHealthCheck(teamId, connectionId, authMode);
    } catch (err) {
      if (!recorded(err)) throw err;
    }
  },
});

/** One scan: a health-check job for each connection not checked within PATCHBAY_HEALTH_CHECK_HOURS. */
export async function scanStaleConnections(now = new Date(), limit = 2_000): Promise<number> {
  const maxAgeMs = env().refresh.healthCheckMs;
  if (maxAgeMs <= 0) return 0;
  const rows = await findDueForHealthCheck(new Date(now.getTime() - maxAgeMs), limit);
  await enqueueMany(
    healthCheckJob,
    rows.map((r) => ({
      data: { teamId: r.teamId, connectionId: r.id, authMode: r.authMode },
      singletonKey: r.id,
    })),
  );
  return rows.length;
}

export const healthScanJob = defineJob<Record<string, never>>({
  name: "connections.health-scan",
  schema: ZNoData,
  options: { policy: "stately", retryLimit: 0, expireInSeconds: 300 },
  schedule: { cron: "*/5 * * * *", data: {} },
  handler: async () => {
    await scanStaleConnections();
  },
});

export const expiryNoticeJob = defineJob<Record<string, never>>({
  name: "connections.expiry-notices",
  schema: ZNoData,
  options: { policy: "stately", retryLimit: 1, expireInSeconds: 900 },
  schedule: { cron: "*/10 * * * *", data: {} },
  handler: async () => {
    await noticeExpiringTokens(EXPIRY_NOTICE_MS, 200);
  },
});

/** Every job of lib/connections (lib/jobs/all-jobs.ts works them). */
export const connectionJobs: readonly TAnyJobDefinition[] = [
  refreshScanJob,
  refreshJob,
  healthScanJob,
  healthCheckJob,
  expiryNoticeJob,
];
