// The one list of job definitions this app works. A feature exports its definitions (an array, or job types bound
// here with withHandler); adding a feature's jobs is one line below. lib/boot starts workers for this list.
import { connectionJobs } from "@/lib/connections/jobs";
import { EVENT_JOBS } from "@/lib/events/jobs";
import { PARTNER_JOBS } from "@/lib/partners/delete-account-job";
import { WEBHOOK_JOBS } from "@/lib/webhooks/jobs";
import { retentionJob } from "@/lib/jobs/retention";
import { bulkConnectionsJob } from "@/lib/jobs/bulk-connections";
import type { TAnyJobDefinition } from "@/lib/queue/define-job";

export const ALL_JOBS: readonly TAnyJobDefinition[] = [
  ...connectionJobs,
  bulkConnectionsJob,
  retentionJob,
  ...WEBHOOK_JOBS,
  ...EVENT_JOBS,
  ...PARTNER_JOBS,
];

const names = ALL_JOBS.map((j) => j.name);
const duplicate = names.find((n, i) => names.indexOf(n) !== i);
if (duplicate) throw new Error(`two job definitions share the queue name ${duplicate}`);
