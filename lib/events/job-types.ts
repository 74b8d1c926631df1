// The queue names lib/events sends to (handlers are bound in jobs.ts).
import { z } from "zod";
import { defineJobType } from "@/lib/queue/define-job";

/** One attempt of one delivery. Retries are scheduled by the handler itself (retry-schedule.ts), not by pg-boss:
 * pg-boss's own retries (retryLimit) only cover a handler that crashed or threw before recording its attempt. */
export const DELIVER_JOB = defineJobType({
  name: "events.deliver",
  schema: z.object({ deliveryId: z.string().min(1).max(64) }),
  options: {
    retryLimit: 5,
    retryDelaySeconds: 30,
    retryBackoff: true,
    // Longer than the delivery timeout: a job still active after this belongs to a dead process.
    expireInSeconds: 120,
    batchSize: 5,
    concurrency: 2,
    pollingIntervalSeconds: 0.5,
  },
});
