// The job of a bulk action: one per selected connection, acting as the caller who started the operation. Declared
// here (the sender is lib/connections/start-bulk-operation.ts); its handler is bound in lib/jobs, because
// disconnecting goes through lib/webhooks (removing registrations first), which sits above lib/connections.
import { z } from "zod";
import { defineJobType } from "@/lib/queue/define-job";

export const BULK_ACTIONS = ["test", "refresh", "disable", "enable", "disconnect"] as const;
export type TBulkAction = (typeof BULK_ACTIONS)[number];

export const ZBulkActor = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("user"), userId: z.string().min(1), role: z.enum(["member", "admin", "owner"]) }),
  z.object({ kind: z.literal("api_key"), keyId: z.string().min(1), scopes: z.array(z.string()) }),
]);

export const BULK_CONNECTION_JOB = defineJobType({
  name: "connections.bulk",
  schema: z.object({
    teamId: z.string().min(1),
    operationId: z.string().min(1),
    connectionId: z.string().min(1),
    action: z.enum(BULK_ACTIONS),
    actor: ZBulkActor,
  }),
  // No retries: every job adds its outcome to the operation's counters exactly once (a retry would count twice).
  // A few at a time: each may wait on a provider (test, refresh, revoke on disconnect).
  options: {
    retryLimit: 0,
    expireInSeconds: 120,
    batchSize: 5,
    concurrency: 2,
    pollingIntervalSeconds: 0.5,
    retentionDays: 1,
  },
});
export type TBulkConnectionJob = z.infer<typeof BULK_CONNECTION_JOB.schema>;
