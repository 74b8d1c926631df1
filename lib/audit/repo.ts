import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

export type TAuditInput = {
  teamId: string;
  actorUserId?: string | null;
  actorKeyId?: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  metadata?: Prisma.InputJsonValue;
};

export function insertAuditEntry(e: TAuditInput) {
  return db.auditEntry.create({ data: { ...e, metadata: e.metadata ?? {} } });
}

export function findAuditEntries(scope: { teamId: string }, opts: { take: number; cursor?: string }) {
  return db.auditEntry.findMany({
    where: { teamId: scope.teamId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: opts.take,
    ...(opts.cursor ? { cursor: { id: opts.cursor }, skip: 1 } : {}),
  });
}
