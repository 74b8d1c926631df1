import { z } from "zod";
import type { TAuthContext } from "@/lib/actor";
import { BULK_ACTIONS } from "@/lib/connections/bulk-job";
import { findBulkOperation, type TBulkOperationRow } from "@/lib/connections/bulk-repo";
import { connectionScope } from "@/lib/connections/scope";
import { notFound } from "@/lib/errors";

export const ZBulkOperationInput = z
  .object({
    action: z.enum(BULK_ACTIONS),
    connection_ids: z.array(z.string().min(1).max(64)).min(1).max(500),
  })
  .strict();

export const ZBulkOperationView = z.object({
  id: z.string(),
  action: z.string(),
  status: z.enum(["running", "finished"]),
  total: z.number(),
  succeeded: z.number(),
  failed: z.number(),
  /** the first failures with their reasons (the counters count every one) */
  failures: z.array(z.object({ connection_id: z.string(), code: z.string(), message: z.string() })),
  created_at: z.string(),
  finished_at: z.string().nullable(),
});
export type TBulkOperationView = z.infer<typeof ZBulkOperationView>;

function toView(r: TBulkOperationRow): TBulkOperationView {
  const failures = z.array(ZBulkOperationView.shape.failures.element).safeParse(r.failures);
  return {
    id: r.id,
    action: r.action,
    status: r.finishedAt ? "finished" : "running",
    total: r.total,
    succeeded: r.succeeded,
    failed: r.failed,
    failures: failures.success ? failures.data : [],
    created_at: r.createdAt.toISOString(),
    finished_at: r.finishedAt?.toISOString() ?? null,
  };
}

/** The progress of a bulk operation: members see the ones they started, admins and API keys the team's. */
export async function getBulkOperationOrThrow(ctx: TAuthContext, id: string): Promise<TBulkOperationView> {
  const row = await findBulkOperation(connectionScope(ctx), id);
  if (!row) throw notFound("Bulk operation");
  return toView(row);
}
