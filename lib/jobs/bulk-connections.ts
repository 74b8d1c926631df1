// The handler of a bulk action's job (lib/connections/bulk-job.ts): the single-connection function for the action,
// called as the operation's caller — so visibility (not found) and the right to manage (shared connections:
// admins) are checked again for this connection, now — then its outcome is counted once.
import type { TAuthContext } from "@/lib/actor";
import { BULK_CONNECTION_JOB, type TBulkConnectionJob } from "@/lib/connections/bulk-job";
import { recordBulkJobOutcome } from "@/lib/connections/record-bulk-outcome";
import { updateConnection } from "@/lib/connections/manage-connection";
import { refreshNow } from "@/lib/connections/refresh-now";
import { testConnection } from "@/lib/connections/test-connection";
import { DomainError } from "@/lib/domain-error";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { withHandler } from "@/lib/queue/define-job";
import { disconnectWithWebhooks } from "@/lib/webhooks/disconnect-with-webhooks";

function contextOf(job: TBulkConnectionJob): TAuthContext {
  const a = job.actor;
  return a.kind === "user"
    ? {
        actor: { kind: "user", userId: a.userId, sessionId: `bulk:${job.operationId}`, isSuperuser: false },
        teamId: job.teamId,
        role: a.role,
      }
    : { actor: { kind: "api_key", keyId: a.keyId, scopes: a.scopes }, teamId: job.teamId, role: null };
}

async function run(
  ctx: TAuthContext,
  job: TBulkConnectionJob,
): Promise<{ code: string; message: string } | null> {
  const id = job.connectionId;
  switch (job.action) {
    case "test": {
      const r = await testConnection(ctx, id);
      // "Not testable" is not a pass: it is listed with the failures, in its own words.
      if (r.outcome === "not_testable")
        return { code: "not_testable", message: r.note ?? "No test request." };
      return r.ok
        ? null
        : { code: r.error?.code ?? "test_failed", message: r.error?.message ?? "The test failed." };
    }
    case "refresh":
      await refreshNow(ctx, id);
      return null;
    case "disable":
    case "enable":
      await updateConnection(ctx, id, { enabled: job.action === "enable" });
      return null;
    case "disconnect":
      await disconnectWithWebhooks(ctx, id);
      return null;
  }
}

export const bulkConnectionsJob = withHandler(BULK_CONNECTION_JOB, async (job) => {
  let failure: { code: string; message: string } | null;
  try {
    failure = await run(contextOf(job), job);
  } catch (err) {
    // The callers' own outcomes, in their words; anything else is masked (it may say more than a user should see).
    if (err instanceof AppError) failure = { code: err.code, message: err.message };
    else if (err instanceof DomainError) failure = { code: err.kind, message: err.message };
    else {
      log.error("bulk action failed", { operationId: job.operationId, connectionId: job.connectionId });
      failure = { code: "internal", message: "Something went wrong on our side." };
    }
  }
  await recordBulkJobOutcome(job, failure);
});
