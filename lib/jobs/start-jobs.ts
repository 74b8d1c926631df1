// Working the job queue in this process (lib/boot): every definition of ALL_JOBS, unless PATCHBAY_WORKERS=off.
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { startWorkers, stopQueue } from "@/lib/queue/queue";
import { ALL_JOBS } from "@/lib/jobs/all-jobs";

/** Starts the workers (and pg-boss's maintenance and cron) when this instance works jobs. */
export async function startJobs(): Promise<boolean> {
  if (!env().workers) {
    log.info("job workers off on this instance (PATCHBAY_WORKERS=off)");
    return false;
  }
  await startWorkers(ALL_JOBS);
  log.info("job workers started", { queues: ALL_JOBS.length });
  return true;
}

/** Graceful stop: no new jobs are fetched, running handlers get up to `timeoutMs`, then the pool closes. A job
 * cut off here stays active until its expiry and is then retried by another instance. */
export async function stopJobs(timeoutMs = 10_000): Promise<void> {
  await stopQueue(timeoutMs);
}
