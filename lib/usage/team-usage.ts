// A team's proxy usage, read from the flushed per-connection-per-day rows (record-proxy-usage.ts writes them).
// Rows go with their connection (ON DELETE CASCADE): a deleted connection's calls drop out of these totals.
import { findTeamCallsByProviderDay, sumTeamBillableCalls } from "@/lib/usage/repo";

/** Billable calls (the provider was called) written for the team on or after `since`. */
export function getTeamBillableCallsSince(teamId: string, since: Date): Promise<number> {
  return sumTeamBillableCalls({ teamId }, since);
}

export function getTeamCallsByProviderDay(teamId: string, since: Date) {
  return findTeamCallsByProviderDay({ teamId }, since);
}
