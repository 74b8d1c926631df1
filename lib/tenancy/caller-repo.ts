import { db } from "@/lib/db";

export function findApiKeyMeta(scope: { teamId: string }, id: string) {
  return db.apiKey.findFirst({ where: { id, teamId: scope.teamId }, select: { id: true, expiresAt: true } });
}
