// A team's proxy rate limits, read on the hot path from an in-process cache (lib/cache-bus): a change is seen
// here at once and on other instances on the NOTIFY, or within SHORT_TTL_MS where notifications do not work.
import type { TAuthContext } from "@/lib/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { publishInvalidation } from "@/lib/cache-bus/bus";
import { createTtlCache } from "@/lib/cache-bus/ttl-cache";
import { notFound } from "@/lib/errors";
import { findTeamProxyLimitsRow, updateTeamProxyLimitsRow } from "@/lib/proxy-limits/repo";
import type { TProxyLimitsView, TUpdateProxyLimitsInput } from "@/lib/proxy-limits/schemas";

/** The column defaults (prisma/schema.prisma); used for a team row that vanished mid-request. */
export const DEFAULT_PROXY_LIMITS: TProxyLimitsView = { key_rpm: 1200, connection_rpm: 600 };
const TOPIC = "team_limits";

type TCached = TProxyLimitsView & { teamId: string };
const cache = createTtlCache<TCached>("team-proxy-limits", {
  topic: TOPIC,
  longTtlMs: 60_000,
  shortTtlMs: 5_000,
  maxEntries: 10_000,
});

const toView = (r: { proxyKeyRpm: number; proxyConnectionRpm: number }): TProxyLimitsView => ({
  key_rpm: r.proxyKeyRpm,
  connection_rpm: r.proxyConnectionRpm,
});

/** Hot path: no database round trip while cached. */
export async function getTeamProxyLimits(teamId: string): Promise<TProxyLimitsView> {
  const hit = await cache.get(
    teamId,
    async () => {
      const row = await findTeamProxyLimitsRow({ teamId });
      return row ? { teamId, ...toView(row) } : null;
    },
    (v) => v.teamId,
  );
  return hit ? { key_rpm: hit.key_rpm, connection_rpm: hit.connection_rpm } : DEFAULT_PROXY_LIMITS;
}

export async function readTeamProxyLimits(ctx: TAuthContext): Promise<TProxyLimitsView> {
  const row = await findTeamProxyLimitsRow({ teamId: ctx.teamId });
  if (!row) throw notFound("Team");
  return toView(row);
}

export async function updateTeamProxyLimits(
  ctx: TAuthContext,
  input: TUpdateProxyLimitsInput,
): Promise<TProxyLimitsView> {
  const row = await updateTeamProxyLimitsRow(
    { teamId: ctx.teamId },
    { proxyKeyRpm: input.key_rpm, proxyConnectionRpm: input.connection_rpm },
  );
  if (!row) throw notFound("Team");
  await publishInvalidation(TOPIC, ctx.teamId);
  const view = toView(row);
  await recordAudit(ctx, "team.proxy_limits_updated", { type: "team", id: ctx.teamId }, view);
  return view;
}
