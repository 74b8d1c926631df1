// lib/events' background duties, collected by lib/jobs/all-jobs.ts:
//  - events.deliver  one attempt of one delivery (deliver-event.ts); the next attempt is a new job.
//  - events.sweep    every minute: re-sends pending deliveries overdue by more than SWEEP_OVERDUE_MS that nobody
//                    holds — a job lost with a dead process before pg-boss expired it, or one that exhausted
//                    pg-boss's own retries on a database outage. Harmless when nothing is stalled.
//  - events.retention daily: deletes events (and with them deliveries and attempts) older than
//                    PATCHBAY_EVENTS_RETENTION_DAYS (default 30) — payloads may carry personal data.
import { z } from "zod";
import { eventsEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { defineJob, withHandler, type TAnyJobDefinition } from "@/lib/queue/define-job";
import { enqueueMany } from "@/lib/queue/queue";
import { deliverEvent } from "./deliver-event";
import { DELIVER_JOB } from "./job-types";
import { deleteEventsBefore, findStalledDeliveries } from "./repo";

const SWEEP_OVERDUE_MS = 3 * 60_000;

const retentionDays = () => eventsEnv().retentionDays;

/** Re-sends stalled deliveries; returns how many. Exposed for the sweep job and for tests. */
export async function sweepStalledDeliveries(overdueMs = SWEEP_OVERDUE_MS, limit = 500): Promise<number> {
  const stalled = await findStalledDeliveries(new Date(Date.now() - overdueMs), limit);
  await enqueueMany(
    DELIVER_JOB,
    stalled.map((s) => ({ data: { deliveryId: s.id } })),
  );
  if (stalled.length) log.warn("re-sent stalled deliveries", { count: stalled.length });
  return stalled.length;
}

export async function deleteOldEvents(days = retentionDays()): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await deleteEventsBefore(new Date(Date.now() - days * 86_400_000), 1000);
    total += n;
    if (n < 1000) return total;
  }
}

const SWEEP_JOB = defineJob({
  name: "events.sweep",
  schema: z.object({}),
  options: { policy: "singleton", retryLimit: 0, expireInSeconds: 300 },
  handler: async () => {
    await sweepStalledDeliveries();
  },
  schedule: { cron: "* * * * *", data: {} },
});

const RETENTION_JOB = defineJob({
  name: "events.retention",
  schema: z.object({}),
  options: { policy: "singleton", retryLimit: 1, expireInSeconds: 1800 },
  handler: async () => {
    const n = await deleteOldEvents();
    if (n) log.info("deleted old events", { count: n });
  },
  schedule: { cron: "17 3 * * *", data: {} },
});

export const EVENT_JOBS: TAnyJobDefinition[] = [
  withHandler(DELIVER_JOB, async (data) => deliverEvent(data.deliveryId)),
  SWEEP_JOB,
  RETENTION_JOB,
];
