import type { TAuthContext } from "@/lib/actor";
import { findUsageDays } from "@/lib/usage/repo";

export type TUsageDayView = {
  day: string;
  calls: number;
  bytes_in: number;
  bytes_out: number;
  status_2xx: number;
  status_3xx: number;
  status_4xx: number;
  status_5xx: number;
  patchbay_errors: number;
};

const DAY_MS = 86_400_000;

/**
 * The last `days` UTC days (today included), oldest first, with zero rows for days without traffic. The caller
 * checks first that the connection is the caller's (getConnectionOrThrow): this reads only under that team.
 * Counts are as of the last flush (a few seconds; lib/usage/record-proxy-usage.ts).
 */
export async function getConnectionUsage(
  ctx: TAuthContext,
  connectionId: string,
  days: number,
  now = Date.now(),
): Promise<TUsageDayView[]> {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const since = new Date(today - (days - 1) * DAY_MS);
  const rows = await findUsageDays({ teamId: ctx.teamId, connectionId }, since);
  const byDay = new Map(rows.map((r) => [r.day.toISOString().slice(0, 10), r]));
  return Array.from({ length: days }, (_, i) => {
    const day = new Date(since.getTime() + i * DAY_MS).toISOString().slice(0, 10);
    const r = byDay.get(day);
    return {
      day,
      calls: r?.calls ?? 0,
      bytes_in: Number(r?.bytesIn ?? 0),
      bytes_out: Number(r?.bytesOut ?? 0),
      status_2xx: r?.status2xx ?? 0,
      status_3xx: r?.status3xx ?? 0,
      status_4xx: r?.status4xx ?? 0,
      status_5xx: r?.status5xx ?? 0,
      patchbay_errors: r?.patchbayErrors ?? 0,
    };
  });
}
