// Retention clean-up: one hourly job (once per tick across instances, never two at once) that runs each
// feature's sweeper and logs what it deleted. A feature whose rows must not pile up (webhook events with personal
// data, delivery attempts …) adds one entry to SWEEPERS — its own exported prune function, which knows its
// period. pg-boss's own tables are kept short by the queue's settings (lib/queue/queue.ts).
//
// Deliberately not swept: the audit log (a record the team may be obliged to keep; no policy decided yet),
// expired invites and API keys (shown in the dashboard as expired, and they are few).
import { z } from "zod";
import { pruneVerificationTokens } from "@/lib/auth/prune-verification-tokens";
import { pruneExpiredGrants } from "@/lib/connections/prune-expired-grants";
import { pruneExpiredSessions } from "@/lib/connect-sessions/prune-expired-sessions";
import { log } from "@/lib/log";
import { defineJob } from "@/lib/queue/define-job";
import { pruneRateLimitBuckets } from "@/lib/rate-limit/prune-buckets";

export type TSweeper = { name: string; run: (now: Date) => Promise<number> };

export const SWEEPERS: readonly TSweeper[] = [
  { name: "oauth_grants", run: pruneExpiredGrants },
  { name: "connect_sessions", run: pruneExpiredSessions },
  { name: "email_verification_tokens", run: pruneVerificationTokens },
  { name: "rate_limit_buckets", run: pruneRateLimitBuckets },
];

/** Runs every sweeper; one failing does not stop the others (the job fails afterwards and is retried). */
export async function runRetention(sweepers: readonly TSweeper[] = SWEEPERS, now = new Date()) {
  const deleted: Record<string, number> = {};
  const failed: string[] = [];
  for (const s of sweepers) {
    try {
      deleted[s.name] = await s.run(now);
    } catch (err) {
      failed.push(s.name);
      log.error("retention sweeper failed", {
        sweeper: s.name,
        error: err instanceof Error ? err.message : "unknown",
      });
    }
  }
  log.info("retention clean-up", { deleted });
  if (failed.length) throw new Error(`retention sweepers failed: ${failed.join(", ")}`);
  return deleted;
}

export const retentionJob = defineJob<Record<string, never>>({
  name: "maintenance.retention",
  schema: z.object({}).strict(),
  options: { policy: "stately", retryLimit: 2, retryDelaySeconds: 300, expireInSeconds: 1800 },
  schedule: { cron: "17 * * * *", data: {} },
  handler: async () => {
    await runRetention();
  },
});
