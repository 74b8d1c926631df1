// Retention of rate-limit counters: one row per key (client IP, API key …) that ever made a request; a row whose
// window started two days ago counts nothing any more (windows are minutes to an hour) and is deleted.
import { deleteBucketsBefore } from "@/lib/rate-limit/repo";

export function pruneRateLimitBuckets(now = new Date()): Promise<number> {
  return deleteBucketsBefore(new Date(now.getTime() - 2 * 24 * 3600_000));
}
