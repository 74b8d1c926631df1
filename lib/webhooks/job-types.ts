import { z } from "zod";
import { defineJobType } from "@/lib/queue/define-job";

/** Processes stored deliveries (written in the intake's transaction; handler in jobs.ts). */
export const PROCESS_INBOUND_JOB = defineJobType({
  name: "webhooks.process",
  schema: z.object({ eventIds: z.array(z.string().min(1)).min(1).max(50) }),
  options: {
    retryLimit: 8,
    retryDelaySeconds: 10,
    retryBackoff: true,
    batchSize: 20,
    pollingIntervalSeconds: 0.5,
  },
});

/** Deletes stored deliveries past their retention (recurring; handler in jobs.ts). */
export const CLEAN_INBOUND_JOB = defineJobType({
  name: "webhooks.cleanup",
  schema: z.object({}),
  options: { policy: "singleton", retryLimit: 2 },
});

/** Stored provider deliveries carry personal data: they are kept this long, then deleted by webhooks.cleanup. */
export const INBOUND_EVENT_RETENTION_DAYS = 7;
