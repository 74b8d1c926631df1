// Bulk operations' rows (the progress of a bulk action). Every function takes the team; reading also takes who
// may see it (members: the operations they started).
import crypto from "node:crypto";
import { db } from "@/lib/db";

export type TBulkFailure = { connection_id: string; code: string; message: string };
/** At most this many failures are kept with their reasons (the counters count them all). */
export const MAX_FAILURES_KEPT = 50;

export const newBulkOperationId = () => `bulk_${crypto.randomBytes(12).toString("base64url")}`;

export function insertBulkOperation(row: {
  id: string;
  teamId: string;
  action: string;
  actorUserId: string | null;
  actorKeyId: string | null;
  total: number;
  failures: TBulkFailure[];
}) {
  const failed = row.failures.length;
  return db.bulkOperation.create({
    data: {
      ...row,
      failed,
      failures: row.failures.slice(0, MAX_FAILURES_KEPT),
      finishedAt: failed >= row.total ? new Date() : null,
    },
  });
}

/** Counts one connection's outcome, in one statement (concurrent jobs of the same operation never lose a count). */
export async function recordBulkOutcome(teamId: string, id: string, failure: TBulkFailure | null) {
  const ok = failure ? 0 : 1;
  const bad = failure ? 1 : 0;
  await db.$executeRaw`
    UPDATE "BulkOperation" SET
      succeeded = succeeded + ${ok},
      failed = failed + ${bad},
      failures = CASE WHEN ${bad} = 1 AND jsonb_array_length(failures) < ${MAX_FAILURES_KEPT}
                      THEN failures || ${JSON.stringify(failure ? [failure] : [])}::jsonb ELSE failures END,
      "finishedAt" = CASE WHEN succeeded + failed + 1 >= total THEN now() ELSE "finishedAt" END,
      "updatedAt" = now()
    WHERE id = ${id} AND "teamId" = ${teamId}`;
}

/** Marks the connections whose jobs could not be sent as failed, so the operation still finishes. */
export async function failUnsent(teamId: string, id: string, count: number) {
  await db.$executeRaw`
    UPDATE "BulkOperation" SET failed = failed + ${count},
      "finishedAt" = CASE WHEN succeeded + failed + ${count} >= total THEN now() ELSE "finishedAt" END,
      "updatedAt" = now()
    WHERE id = ${id} AND "teamId" = ${teamId}`;
}

export function findBulkOperation(scope: { teamId: string; viewerUserId: string | null }, id: string) {
  return db.bulkOperation.findFirst({
    where: { id, teamId: scope.teamId, ...(scope.viewerUserId ? { actorUserId: scope.viewerUserId } : {}) },
  });
}
export type TBulkOperationRow = NonNullable<Awaited<ReturnType<typeof findBulkOperation>>>;
