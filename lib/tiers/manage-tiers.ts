// Instance superusers edit the tiers (name and limits) and choose each team's tier; everyone else reads their
// own team's tier (get-usage-overview.ts). Refusals follow the other superuser switches: 403 with the reason.
// Every change is published on the cache bus, so the hot paths of every instance see it (get-team-tier.ts).
import type { TAuthContext } from "@/lib/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { publishInvalidation } from "@/lib/cache-bus/bus";
import { AppError, notFound } from "@/lib/errors";
import { TEAM_TIER_TOPIC, TIER_TOPIC, toTierView } from "@/lib/tiers/get-team-tier";
import { findTeamTierId, findTierRow, findTierRows, setTeamTierRow, updateTierRow } from "@/lib/tiers/repo";
import type { TTierView, TUpdateTierInput } from "@/lib/tiers/schemas";

function requireSuperuser(ctx: TAuthContext, what: string) {
  if (ctx.actor.kind !== "user" || !ctx.actor.isSuperuser)
    throw new AppError("forbidden", { message: `Only instance superusers can ${what}.` });
}

export async function listTiers(ctx: TAuthContext): Promise<(TTierView & { teams: number })[]> {
  requireSuperuser(ctx, "list and edit tiers");
  const rows = await findTierRows();
  return rows.map((r) => ({ ...toTierView(r), teams: r._count.teams }));
}

export async function updateTier(
  ctx: TAuthContext,
  tierId: string,
  input: TUpdateTierInput,
): Promise<TTierView> {
  requireSuperuser(ctx, "edit tiers");
  const row = await updateTierRow(tierId, {
    name: input.name,
    apiRpm: input.api_rpm,
    monthlyProxyCalls: input.monthly_proxy_calls,
    maxAccounts: input.max_accounts,
  });
  if (!row) throw notFound("Tier");
  await publishInvalidation(TIER_TOPIC, tierId);
  const view = toTierView(row);
  // Tiers belong to the instance; the entry goes to the team the superuser is working in.
  await recordAudit(ctx, "tier.updated", { type: "tier", id: tierId }, view);
  return view;
}

export async function assignTeamTier(
  ctx: TAuthContext,
  teamId: string,
  tierId: string,
): Promise<{ team_id: string; tier: TTierView }> {
  requireSuperuser(ctx, "change a team's tier");
  const tier = await findTierRow(tierId);
  if (!tier)
    throw new AppError("validation_failed", {
      message: "Some fields are missing or invalid.",
      details: { issues: [{ path: "tier_id", message: "No tier has this id.", code: "invalid_value" }] },
    });
  const previous = await findTeamTierId({ teamId });
  if (previous === null || !(await setTeamTierRow({ teamId }, tierId))) throw notFound("Team");
  await publishInvalidation(TEAM_TIER_TOPIC, teamId);
  await recordAudit(
    { ...ctx, teamId },
    "team.tier_assigned",
    { type: "team", id: teamId },
    { tier_id: tierId, previous },
  );
  return { team_id: teamId, tier: toTierView(tier) };
}
