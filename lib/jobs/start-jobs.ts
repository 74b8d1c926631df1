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
  // Embedded: one process sends every job, so its workers are woken on send and poll only every 5 s (each poll is
  // a PGlite query on this event loop). A retry or a job sent for later waits at most those 5 s for its poll.
  await startWorkers(ALL_JOBS, env().embedded ? { localWake: { minPollSeconds: 5 } } : {});
  log.info("job workers started", { queues: ALL_JOBS.length });
  return true;
}

/** Graceful stop: no new jobs are fetched, running handlers get up to `timeoutMs`, then the pool closes. A job
 * cut off here stays active until its expiry and is then retried by another instance. */
export async function stopJobs(timeoutMs = 10_000): Promise<void> {
  await stopQueue(timeoutMs);
}
