// The job that empties and removes a connected account (see delete-account.ts for the order of events).
import { z } from "zod";
import type { TAuthContext } from "@/lib/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { defineJob, type TAnyJobDefinition } from "@/lib/queue/define-job";
import { disconnectWithWebhooks } from "@/lib/webhooks/disconnect-with-webhooks";
import { deleteAccountIfEmpty, findAccount, findAccountConnectionIds } from "./repo";

/** Who asked: the job acts (and is audited) as them. Account routes need an admin or an API key. */
const ZActor = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("user"), userId: z.string().min(1) }),
  z.object({ kind: z.literal("api_key"), keyId: z.string().min(1) }),
]);
type TJobActor = z.infer<typeof ZActor>;

const ZDeleteAccount = z.object({
  teamId: z.string().min(1),
  accountId: z.string().min(1),
  actor: ZActor,
});
type TDeleteAccount = z.infer<typeof ZDeleteAccount>;

export function jobActor(ctx: TAuthContext): TJobActor {
  return ctx.actor.kind === "user"
    ? { kind: "user", userId: ctx.actor.userId }
    : { kind: "api_key", keyId: ctx.actor.keyId };
}

function contextFor(d: TDeleteAccount): TAuthContext {
  // The request was authorized when it was made (admin role or accounts:write); the job carries it out with the
  // team-wide visibility that authorization implied.
  return d.actor.kind === "user"
    ? {
        teamId: d.teamId,
        role: "admin",
        actor: {
          kind: "user",
          userId: d.actor.userId,
          sessionId: "account-deletion-job",
          isSuperuser: false,
        },
      }
    : { teamId: d.teamId, role: null, actor: { kind: "api_key", keyId: d.actor.keyId, scopes: [] } };
}

/** Disconnects every connection of the account, then deletes it. Returns what it did (tests, logs). */
export async function runAccountDeletion(d: TDeleteAccount) {
  const scope = { teamId: d.teamId };
  const account = await findAccount(scope, d.accountId);
  if (!account?.deletingAt) return { deleted: false, disconnected: 0 };
  const ctx = contextFor(d);
  let disconnected = 0;
  let revocationFailures = 0;
  for (const c of await findAccountConnectionIds(scope, d.accountId)) {
    try {
      const res = await disconnectWithWebhooks(ctx, c.id);
      disconnected++;
      if (res.revocation.attempted && !res.revocation.ok) revocationFailures++;
    } catch (err) {
      // gone meanwhile (a DELETE /connections/{id} of its own): nothing left to do for it
      if (err instanceof AppError && err.code === "not_found") continue;
      throw err;
    }
  }
  const deleted = await deleteAccountIfEmpty(scope, d.accountId);
  if (!deleted) {
    const still = await findAccount(scope, d.accountId);
    if (still) throw new Error(`account ${d.accountId} still has connections; retrying`);
    return { deleted: false, disconnected };
  }
  await recordAudit(
    ctx,
    "account.deleted",
    { type: "account", id: d.accountId },
    {
      external_id: account.externalId,
      connections_disconnected: disconnected,
      revocation_failures: revocationFailures,
    },
  );
  log.info("connected account deleted", { accountId: d.accountId, disconnected });
  return { deleted: true, disconnected };
}

export const DELETE_ACCOUNT_JOB = defineJob<TDeleteAccount>({
  name: "partners.delete-account",
  schema: ZDeleteAccount,
  options: { policy: "short", retryLimit: 5, retryDelaySeconds: 10, expireInSeconds: 15 * 60 },
  handler: async (data) => {
    await runAccountDeletion(data);
  },
});

/** Every job of lib/partners (lib/jobs/all-jobs.ts works them). */
export const PARTNER_JOBS: readonly TAnyJobDefinition[] = [DELETE_ACCOUNT_JOB];
