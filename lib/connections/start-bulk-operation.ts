// Bulk actions on selected connections (dashboard selection or API): test, refresh, disable, enable, disconnect.
//
// Order of events: the selection is checked against the caller's visibility (an id the caller cannot see — another
// team's, another member's private one, or none at all — is "not found", all alike) and, for the actions that
// change a connection, against the caller's right to manage it (shared connections: admins); those fail at once.
// Then the operation row is written (total, the failures so far), then one job per remaining connection is sent.
// Each job acts as the caller through the same functions as the single-connection endpoints — so tenancy and
// permissions are checked again, per connection, when it runs — and adds its outcome to the counters.
// A crash between the row and the jobs leaves an operation that never finishes; a failed send marks the unsent
// connections as failed instead.
import type { TAuthContext } from "@/lib/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { BULK_CONNECTION_JOB, type TBulkAction } from "@/lib/connections/bulk-job";
import { failUnsent, insertBulkOperation, newBulkOperationId, type TBulkFailure } from "@/lib/connections/bulk-repo";
import { assertCanManage } from "@/lib/connections/can-manage";
import { findConnectionsByIds } from "@/lib/connections/repo";
import { connectionScope } from "@/lib/connections/scope";
import { getBulkOperationOrThrow } from "@/lib/connections/get-bulk-operation";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { enqueueMany, prepareQueue } from "@/lib/queue/queue";

const CHANGES: readonly TBulkAction[] = ["disable", "enable", "disconnect"];

export async function startBulkOperation(
  ctx: TAuthContext,
  input: { action: TBulkAction; connection_ids: string[] },
) {
  const ids = [...new Set(input.connection_ids)];
  const found = new Map((await findConnectionsByIds(connectionScope(ctx), ids)).map((r) => [r.id, r]));
  const failures: TBulkFailure[] = [];
  const runnable: string[] = [];
  for (const id of ids) {
    const row = found.get(id);
    if (!row) {
      failures.push({ connection_id: id, code: "not_found", message: "Connection not found." });
      continue;
    }
    if (CHANGES.includes(input.action)) {
      try {
        assertCanManage(ctx, row);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        failures.push({ connection_id: id, code: err.code, message: err.message });
        continue;
      }
    }
    runnable.push(id);
  }
  // Outside any transaction, before anything is written (on PGlite pg-boss must not start inside one).
  if (runnable.length) await prepareQueue(BULK_CONNECTION_JOB);
  const operationId = newBulkOperationId();
  const actor =
    ctx.actor.kind === "user"
      ? { kind: "user" as const, userId: ctx.actor.userId, role: ctx.role ?? "member" }
      : { kind: "api_key" as const, keyId: ctx.actor.keyId, scopes: ctx.actor.scopes };
  await insertBulkOperation({
    id: operationId,
    teamId: ctx.teamId,
    action: input.action,
    actorUserId: ctx.actor.kind === "user" ? ctx.actor.userId : null,
    actorKeyId: ctx.actor.kind === "api_key" ? ctx.actor.keyId : null,
    total: ids.length,
    failures,
  });
  await recordAudit(
    ctx,
    "connection.bulk_started",
    { type: "bulk_operation", id: operationId },
    { action: input.action, total: ids.length, refused: failures.length },
  );
  try {
    await enqueueMany(
      BULK_CONNECTION_JOB,
      runnable.map((connectionId) => ({
        data: { teamId: ctx.teamId, operationId, connectionId, action: input.action, actor },
      })),
    );
  } catch (err) {
    log.error("bulk operation: jobs not sent", {
      operationId,
      error: err instanceof Error ? err.message : "unknown",
    });
    await failUnsent(ctx.teamId, operationId, runnable.length);
  }
  return getBulkOperationOrThrow(ctx, operationId);
}
