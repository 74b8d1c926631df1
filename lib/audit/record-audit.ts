import type { TActor } from "@/lib/actor";
import { insertAuditEntry } from "@/lib/audit/repo";
import type { Prisma } from "@/lib/generated/prisma/client";

/** Records who did what. Metadata must hold ids, names and flags only — never a secret. */
export async function recordAudit(
  scope: { teamId: string; actor: TActor | null },
  action: string,
  target?: { type: string; id: string },
  metadata?: Prisma.InputJsonValue,
) {
  await insertAuditEntry({
    teamId: scope.teamId,
    actorUserId: scope.actor?.kind === "user" ? scope.actor.userId : null,
    actorKeyId: scope.actor?.kind === "api_key" ? scope.actor.keyId : null,
    action,
    targetType: target?.type,
    targetId: target?.id,
    metadata,
  });
}
