import { db } from "@/lib/db";
import type { TUsageCounts } from "@/lib/usage/types";

export type TUsageRow = TUsageCounts & { teamId: string; connectionId: string; day: string };

/**
 * One transaction for a whole flush: increment upserts, so two instances (or two flushes) add up — the day rows
 * per connection and each team's month total of billable calls. Day rows of a connection that is gone (or not
 * the team's) are dropped by the EXISTS rather than failing the batch; the month total keeps their calls.
 */
export async function incrementUsageRows(rows: TUsageRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const col = <K extends keyof TUsageRow>(k: K) => rows.map((r) => String(r[k]));
  // The team's month total (the quota, lib/tiers) in the same transaction: both or neither are written.
  const months = new Map<string, { teamId: string; month: string; calls: number }>();
  for (const r of rows) {
    const month = `${r.day.slice(0, 7)}-01`;
    const m = months.get(`${r.teamId}|${month}`) ?? { teamId: r.teamId, month, calls: 0 };
    m.calls += r.calls - r.patchbayErrors;
    months.set(`${r.teamId}|${month}`, m);
  }
  const ms = [...months.values()].filter((m) => m.calls > 0);
  const [days] = await db.$transaction([dayUpserts(rows, col), monthUpserts(ms)]);
  return days;
}

function monthUpserts(ms: { teamId: string; month: string; calls: number }[]) {
  return db.$executeRaw`
    INSERT INTO "TeamUsageMonth" ("teamId", "month", "proxyCalls", "updatedAt")
    SELECT u.tid, u.month, u.calls, now()
    FROM unnest(${ms.map((m) => m.teamId)}::text[], ${ms.map((m) => m.month)}::text[]::date[],
      ${ms.map((m) => String(m.calls))}::text[]::int[]) AS u(tid, month, calls)
    WHERE EXISTS (SELECT 1 FROM "Team" t WHERE t."id" = u.tid)
    ON CONFLICT ("teamId", "month") DO UPDATE SET
      "proxyCalls" = "TeamUsageMonth"."proxyCalls" + EXCLUDED."proxyCalls", "updatedAt" = now()`;
}

function dayUpserts(rows: TUsageRow[], col: (k: keyof TUsageRow) => string[]) {
  return db.$executeRaw`
    INSERT INTO "ConnectionUsageDay" ("connectionId", "day", "teamId", "calls", "bytesIn", "bytesOut",
      "status2xx", "status3xx", "status4xx", "status5xx", "patchbayErrors", "updatedAt")
    SELECT u.cid, u.day, u.tid, u.calls, u.bin, u.bout, u.s2, u.s3, u.s4, u.s5, u.pe, now()
    FROM unnest(${col("connectionId")}::text[], ${col("day")}::text[]::date[], ${col("teamId")}::text[],
      ${col("calls")}::text[]::int[], ${col("bytesIn")}::text[]::bigint[], ${col("bytesOut")}::text[]::bigint[],
      ${col("s2xx")}::text[]::int[], ${col("s3xx")}::text[]::int[], ${col("s4xx")}::text[]::int[],
      ${col("s5xx")}::text[]::int[], ${col("patchbayErrors")}::text[]::int[])
      AS u(cid, day, tid, calls, bin, bout, s2, s3, s4, s5, pe)
    WHERE EXISTS (SELECT 1 FROM "Connection" c WHERE c."id" = u.cid AND c."teamId" = u.tid)
    ON CONFLICT ("connectionId", "day") DO UPDATE SET
      "calls" = "ConnectionUsageDay"."calls" + EXCLUDED."calls",
      "bytesIn" = "ConnectionUsageDay"."bytesIn" + EXCLUDED."bytesIn",
      "bytesOut" = "ConnectionUsageDay"."bytesOut" + EXCLUDED."bytesOut",
      "status2xx" = "ConnectionUsageDay"."status2xx" + EXCLUDED."status2xx",
      "status3xx" = "ConnectionUsageDay"."status3xx" + EXCLUDED."status3xx",
      "status4xx" = "ConnectionUsageDay"."status4xx" + EXCLUDED."status4xx",
      "status5xx" = "ConnectionUsageDay"."status5xx" + EXCLUDED."status5xx",
      "patchbayErrors" = "ConnectionUsageDay"."patchbayErrors" + EXCLUDED."patchbayErrors",
      "updatedAt" = now()`;
}

export function findUsageDays(scope: { teamId: string; connectionId: string }, since: Date) {
  return db.connectionUsageDay.findMany({
    where: { teamId: scope.teamId, connectionId: scope.connectionId, day: { gte: since } },
    orderBy: { day: "asc" },
  });
}

/** Billable proxied calls (calls − Patchbay errors) of a team in the month starting `monthStart` (the quota). */
export async function findTeamMonthCalls(scope: { teamId: string }, monthStart: Date): Promise<number> {
  const row = await db.teamUsageMonth.findUnique({
    where: { teamId_month: { teamId: scope.teamId, month: monthStart } },
    select: { proxyCalls: true },
  });
  return row?.proxyCalls ?? 0;
}

/** Calls per UTC day per provider of a team since `since` (the usage dashboard). */
export function findTeamCallsByProviderDay(scope: { teamId: string }, since: Date) {
  return db.$queryRaw<{ day: string; provider: string; calls: number }[]>`
    SELECT to_char(u."day", 'YYYY-MM-DD') AS day, c."providerSlug" AS provider, SUM(u."calls")::int AS calls
    FROM "ConnectionUsageDay" u JOIN "Connection" c ON c."id" = u."connectionId" AND c."teamId" = u."teamId"
    WHERE u."teamId" = ${scope.teamId} AND u."day" >= ${since}::date
    GROUP BY 1, 2 ORDER BY 1, 2`;
}
