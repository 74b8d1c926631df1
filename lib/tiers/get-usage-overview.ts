// The numbers of the Usage page and GET /api/v1/usage, for the caller's team: its tier and quota bars, proxied
// calls per day per provider (last 30 UTC days, from the flushed usage rows), connected accounts over time and
// connections by status. Read models only — a handful of grouped queries, never on a hot path.
//
// "Accounts over time" is the running count of the accounts that exist now, by the day each was created: a
// deleted account leaves no row, so it drops out of the history as well (said on the page).
import type { TAuthContext } from "@/lib/actor";
import { getTeamCallsByProviderDay } from "@/lib/usage/team-usage";
import { getTeamTier } from "@/lib/tiers/get-team-tier";
import { getMonthProxyCalls, monthOf } from "@/lib/tiers/proxy-quota";
import { countConnectionsByStatus, countLiveAccounts, findAccountCreations } from "@/lib/tiers/repo";
import type { TUsageView } from "@/lib/tiers/schemas";

const DAY_MS = 86_400_000;
export const USAGE_DAYS = 30;

export async function getUsageOverview(ctx: TAuthContext, now = Date.now()): Promise<TUsageView> {
  const scope = { teamId: ctx.teamId };
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const since = new Date(today - (USAGE_DAYS - 1) * DAY_MS);
  const days = Array.from({ length: USAGE_DAYS }, (_, i) =>
    new Date(since.getTime() + i * DAY_MS).toISOString().slice(0, 10),
  );
  const { month, resetsAt } = monthOf(now);
  const [tier, used, accounts, calls, creations, byStatus] = await Promise.all([
    getTeamTier(ctx.teamId),
    getMonthProxyCalls(ctx.teamId, now),
    countLiveAccounts(scope),
    getTeamCallsByProviderDay(ctx.teamId, since),
    findAccountCreations(scope, since),
    countConnectionsByStatus(scope),
  ]);

  const providers = [...new Set(calls.map((c) => c.provider))].sort();
  const perDay = new Map<string, Record<string, number>>();
  for (const c of calls) {
    const d = perDay.get(c.day) ?? {};
    d[c.provider] = (d[c.provider] ?? 0) + c.calls;
    perDay.set(c.day, d);
  }
  const created = new Map(creations.days.map((d) => [d.day, d.n]));
  let running = creations.before;

  return {
    tier,
    month,
    resets_at: resetsAt.toISOString(),
    quotas: {
      proxy_calls: { used, limit: tier.monthly_proxy_calls },
      accounts: { used: accounts, limit: tier.max_accounts },
      api_rpm: { limit: tier.api_rpm },
    },
    calls_per_day: days.map((day) => {
      const by = perDay.get(day) ?? {};
      return { day, total: Object.values(by).reduce((a, b) => a + b, 0), by_provider: by };
    }),
    providers,
    accounts_over_time: days.map((day) => {
      running += created.get(day) ?? 0;
      return { day, accounts: running };
    }),
    connections_by_status: byStatus,
  };
}
