// The only place lib/tiers touches Prisma. Tiers are instance-wide data (no tenant); everything else is read
// under the team it is asked for.
import { db, type TTx } from "@/lib/db";

const TIER = { id: true, name: true, apiRpm: true, monthlyProxyCalls: true, maxAccounts: true } as const;
export type TTierRow = {
  id: string;
  name: string;
  apiRpm: number | null;
  monthlyProxyCalls: number | null;
  maxAccounts: number | null;
};

export function findTierRow(id: string): Promise<TTierRow | null> {
  return db.tier.findUnique({ where: { id }, select: TIER });
}

export function findTierRows() {
  return db.tier.findMany({
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { ...TIER, _count: { select: { teams: true } } },
  });
}

export async function updateTierRow(
  id: string,
  data: {
    name?: string;
    apiRpm?: number | null;
    monthlyProxyCalls?: number | null;
    maxAccounts?: number | null;
  },
): Promise<TTierRow | null> {
  const res = await db.tier.updateMany({ where: { id }, data });
  return res.count === 0 ? null : findTierRow(id);
}

export async function findTeamTierId(scope: { teamId: string }): Promise<string | null> {
  const t = await db.team.findUnique({ where: { id: scope.teamId }, select: { tierId: true } });
  return t?.tierId ?? null;
}

/** false when the team does not exist */
export async function setTeamTierRow(scope: { teamId: string }, tierId: string): Promise<boolean> {
  const res = await db.team.updateMany({ where: { id: scope.teamId }, data: { tierId } });
  return res.count > 0;
}

/**
 * Inside the caller's transaction: the team's tier limit, with the team row locked (FOR UPDATE) so that two
 * concurrent account creations in one team are counted one after the other, then the live account count.
 */
export async function lockTeamAccountCapacity(
  tx: TTx,
  scope: { teamId: string },
): Promise<{ tierId: string; tierName: string; maxAccounts: number | null; current: number } | null> {
  const rows = await tx.$queryRaw<{ tierId: string; tierName: string; maxAccounts: number | null }[]>`
    SELECT tm."tierId", t."name" AS "tierName", t."maxAccounts"
    FROM "Team" tm JOIN "Tier" t ON t."id" = tm."tierId"
    WHERE tm."id" = ${scope.teamId}
    FOR UPDATE OF tm`;
  const row = rows[0];
  if (!row) return null;
  const current = await tx.connectedAccount.count({ where: { teamId: scope.teamId, deletingAt: null } });
  return { ...row, current };
}

export function countLiveAccounts(scope: { teamId: string }) {
  return db.connectedAccount.count({ where: { teamId: scope.teamId, deletingAt: null } });
}

/** Live accounts created per UTC day since `since`, and how many existed before it. */
export async function findAccountCreations(scope: { teamId: string }, since: Date) {
  const [before, days] = await Promise.all([
    db.connectedAccount.count({
      where: { teamId: scope.teamId, deletingAt: null, createdAt: { lt: since } },
    }),
    db.$queryRaw<{ day: string; n: number }[]>`
      SELECT to_char("createdAt", 'YYYY-MM-DD') AS day, count(*)::int AS n
      FROM "ConnectedAccount"
      WHERE "teamId" = ${scope.teamId} AND "deletingAt" IS NULL AND "createdAt" >= ${since}
      GROUP BY 1 ORDER BY 1`,
  ]);
  return { before, days };
}

export async function countConnectionsByStatus(scope: { teamId: string }): Promise<Record<string, number>> {
  const rows = await db.connection.groupBy({
    by: ["status"],
    where: { teamId: scope.teamId },
    _count: { _all: true },
  });
  return Object.fromEntries(rows.map((r) => [r.status, r._count._all]));
}
