import { db } from "@/lib/db";

const SELECT = { proxyKeyRpm: true, proxyConnectionRpm: true } as const;

export function findTeamProxyLimitsRow(scope: { teamId: string }) {
  return db.team.findFirst({ where: { id: scope.teamId }, select: SELECT });
}

export async function updateTeamProxyLimitsRow(
  scope: { teamId: string },
  data: { proxyKeyRpm?: number; proxyConnectionRpm?: number },
) {
  const res = await db.team.updateMany({ where: { id: scope.teamId }, data });
  if (res.count === 0) return null;
  return findTeamProxyLimitsRow(scope);
}
