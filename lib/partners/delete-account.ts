// DELETE /api/v1/accounts/{id}. The order of events, and what a crash leaves behind:
//   1. one transaction marks the account (deletingAt) and writes the deletion job (pg-boss, same transaction):
//      both or neither. From then on the account no longer changes (PATCH → 409) and GET shows the progress.
//   2. the job (run-account-deletion.ts) disconnects each of the account's connections the way DELETE
//      /connections/{id} does — webhooks removed, tokens revoked at the provider, secrets deleted — one by one,
//      so a crash midway leaves the rest for the retry; then it deletes the account row, only if no connection
//      is left (a connection made meanwhile keeps it, and the job fails to be retried).
// Asking again for an account already being deleted answers the same 202 and sends the job again if none is
// waiting (a job that ran out of retries is thereby restarted).
import type { TAuthContext } from "@/lib/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { enqueue, prepareQueue } from "@/lib/queue/queue";
import { DELETE_ACCOUNT_JOB, jobActor } from "./delete-account-job";
import { findAccount, markAccountDeleting } from "./repo";
import { requirePartnerMode } from "./require-partner-mode";
import { toAccountView } from "./schemas";

export async function requestAccountDeletion(ctx: TAuthContext, id: string) {
  const scope = { teamId: ctx.teamId };
  await requirePartnerMode(scope);
  const before = await findAccount(scope, id);
  if (!before) throw notFound("Account");
  const data = { teamId: ctx.teamId, accountId: id, actor: jobActor(ctx) };
  // never start pg-boss inside the transaction (embedded: one database session, see lib/queue)
  await prepareQueue(DELETE_ACCOUNT_JOB);
  const marked = await db.$transaction(async (tx) => {
    const ok = await markAccountDeleting(tx, scope, id, new Date());
    if (ok) await enqueue(DELETE_ACCOUNT_JOB, data, { tx, singletonKey: id });
    return ok;
  });
  if (marked) {
    await recordAudit(
      ctx,
      "account.deletion_requested",
      { type: "account", id },
      {
        external_id: before.externalId,
        connections: before._count.connections,
      },
    );
  } else {
    await enqueue(DELETE_ACCOUNT_JOB, data, { singletonKey: id });
  }
  const after = await findAccount(scope, id);
  // the job may already have finished: the account is gone, with nothing left to report but that
  return after
    ? toAccountView(after)
    : {
        ...toAccountView(before),
        status: "deleting" as const,
        connection_count: 0,
        deletion: { requested_at: new Date().toISOString(), connections_remaining: 0 },
      };
}
