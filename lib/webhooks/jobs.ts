// Background work of inbound webhooks, for lib/jobs/all-jobs.ts (and tests: startWorkers(WEBHOOK_JOBS)).
import { WEBHOOK_SYNC_JOB } from "@/lib/connections/webhook-sync-job";
import { log } from "@/lib/log";
import { withHandler } from "@/lib/queue/define-job";
import { forwardInboundEvent } from "./forward";
import { CLEAN_INBOUND_JOB, PROCESS_INBOUND_JOB } from "./job-types";
import { deleteExpiredEvents, recordProcessingError } from "./repo";
import { syncConnectionWebhooks } from "./sync-connection";

const processInbound = withHandler(PROCESS_INBOUND_JOB, async ({ eventIds }) => {
  let failed: Error | null = null;
  for (const id of eventIds) {
    try {
      await forwardInboundEvent(id);
    } catch (err) {
      failed = err instanceof Error ? err : new Error("processing failed");
      await recordProcessingError(id, err instanceof Error ? err.message : String(err)).catch(
        () => undefined,
      );
    }
  }
  // Processed ones are marked; a retry of the job skips them and tries the rest again.
  if (failed) throw failed;
});

const cleanInbound = withHandler(
  CLEAN_INBOUND_JOB,
  async () => {
    let total = 0;
    for (let i = 0; i < 200; i++) {
      const n = await deleteExpiredEvents(new Date(), 1000);
      total += n;
      if (n < 1000) break;
    }
    if (total > 0) log.info("inbound webhook events past retention deleted", { count: total });
  },
  { cron: "17 * * * *", data: {} },
);

const syncWebhooks = withHandler(WEBHOOK_SYNC_JOB, async ({ teamId, connectionId }) =>
  syncConnectionWebhooks(teamId, connectionId),
);

export const WEBHOOK_JOBS = [processInbound, cleanInbound, syncWebhooks];
