// A team's proxy usage as flushed by record-proxy-usage.ts: the month's billable total (TeamUsageMonth, kept
// when a connection is deleted) and the per-provider per-day chart (ConnectionUsageDay rows, which go with their
// connection: a deleted connection's calls drop out of the chart, not out of the quota).
import { findTeamCallsByProviderDay, findTeamMonthCalls } from "@/lib/usage/repo";

/** Billable calls (the provider was called) written for the team in the month starting `monthStart` (UTC). */
export function getTeamMonthCalls(teamId: string, monthStart: Date): Promise<number> {
  return findTeamMonthCalls({ teamId }, monthStart);
}

export function getTeamCallsByProviderDay(teamId: string, since: Date) {
  return findTeamCallsByProviderDay({ teamId }, since);
}
