import type { TBulkConnectionJob } from "@/lib/connections/bulk-job";
import { recordBulkOutcome } from "@/lib/connections/bulk-repo";

/** Adds one connection's outcome to its operation (called by the bulk job's handler in lib/jobs). */
export function recordBulkJobOutcome(job: TBulkConnectionJob, failure: { code: string; message: string } | null) {
  return recordBulkOutcome(job.teamId, job.operationId, failure ? { connection_id: job.connectionId, ...failure } : null);
}
