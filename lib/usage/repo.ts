import { db } from "@/lib/db";
import type { TUsageCounts } from "@/lib/usage/types";

export type TUsageRow = TUsageCounts & { teamId: string; connectionId: string; day: string };

/**
 * One statement for a whole flush: increment upserts, so two instances (or two flushes) add up. Rows of a
 * connection that is gone (or not the team's) are dropped by the EXISTS rather than failing the batch.
 */
export async function incrementUsageRows(rows: TUsageRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const col = <K extends keyof TUsageRow>(k: K) => rows.map((r) => String(r[k]));
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

/** Billable proxied calls (calls − Patchbay errors) of a team on days ≥ `since` (the month's quota). */
export async function sumTeamBillableCalls(scope: { teamId: string }, since: Date): Promise<number> {
  const rows = await db.$queryRaw<{ n: bigint | number | null }[]>`
    SELECT COALESCE(SUM("calls" - "patchbayErrors"), 0)::bigint AS n
    FROM "ConnectionUsageDay" WHERE "teamId" = ${scope.teamId} AND "day" >= ${since}::date`;
  return Number(rows[0]?.n ?? 0);
}

/** Calls per UTC day per provider of a team since `since` (the usage dashboard). */
export function findTeamCallsByProviderDay(scope: { teamId: string }, since: Date) {
  return db.$queryRaw<{ day: string; provider: string; calls: number }[]>`
    SELECT to_char(u."day", 'YYYY-MM-DD') AS day, c."providerSlug" AS provider, SUM(u."calls")::int AS calls
    FROM "ConnectionUsageDay" u JOIN "Connection" c ON c."id" = u."connectionId" AND c."teamId" = u."teamId"
    WHERE u."teamId" = ${scope.teamId} AND u."day" >= ${since}::date
    GROUP BY 1, 2 ORDER BY 1, 2`;
}
