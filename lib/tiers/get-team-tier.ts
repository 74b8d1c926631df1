// A team's usage tier on the hot path (every API-key call, every proxied call) without a database round trip:
// two in-process caches (lib/cache-bus), team → tier id ("team_tier") and tier id → limits ("tier"), so that
// editing a tier invalidates one entry, not every team on it. A change is seen at once on the instance that made
// it and on the others on the NOTIFY, or within SHORT_TTL_MS where notifications do not work (embedded).
import { createTtlCache } from "@/lib/cache-bus/ttl-cache";
import { findTeamTierId, findTierRow, type TTierRow } from "@/lib/tiers/repo";
import type { TTierView } from "@/lib/tiers/schemas";

export const TIER_TOPIC = "tier";
export const TEAM_TIER_TOPIC = "team_tier";

/** The seeded free tier: used only for a team row that vanished mid-request. */
export const FALLBACK_TIER: TTierView = {
  id: "free",
  name: "Free",
  api_rpm: 600,
  monthly_proxy_calls: 100_000,
  max_accounts: 100,
};

const teamTiers = createTtlCache<{ teamId: string; tierId: string }>("team-tier", {
  topic: TEAM_TIER_TOPIC,
  longTtlMs: 60_000,
  shortTtlMs: 5_000,
  maxEntries: 10_000,
});
const tiers = createTtlCache<TTierView>("tiers", {
  topic: TIER_TOPIC,
  longTtlMs: 60_000,
  shortTtlMs: 5_000,
  maxEntries: 1_000,
});

export const toTierView = (r: TTierRow): TTierView => ({
  id: r.id,
  name: r.name,
  api_rpm: r.apiRpm,
  monthly_proxy_calls: r.monthlyProxyCalls,
  max_accounts: r.maxAccounts,
});

export async function getTier(tierId: string): Promise<TTierView | null> {
  return tiers.get(
    tierId,
    async () => {
      const row = await findTierRow(tierId);
      return row ? toTierView(row) : null;
    },
    (t) => t.id,
  );
}

/** Hot path: no database round trip while both entries are cached. */
export async function getTeamTier(teamId: string): Promise<TTierView> {
  const link = await teamTiers.get(
    teamId,
    async () => {
      const tierId = await findTeamTierId({ teamId });
      return tierId ? { teamId, tierId } : null;
    },
    (v) => v.teamId,
  );
  if (!link) return FALLBACK_TIER;
  return (await getTier(link.tierId)) ?? FALLBACK_TIER;
}
