// The Overview page's connection facts: counts by status per brand, and the connections that need someone first.
// Both are database-side (a grouped count and a limited list) so the page costs the same with 10 or 100,000
// connections; the index (teamId, status, brandId) serves both.
import type { TAuthContext } from "@/lib/actor";
import type { ConnectionStatus } from "@/lib/generated/prisma/client";
import { countByBrandAndStatus, findNeedingAttention, hasConnectionOf } from "@/lib/connections/repo";
import { toConnectionView, type TConnectionView } from "@/lib/connections/schemas";
import { connectionScope } from "@/lib/connections/scope";

export const ATTENTION_LIMIT = 10;
export const ATTENTION_COUNT_CAP = 1000;

export type TAttentionReason = "needs_reauth" | "error" | "expiring";
export type TOverview = {
  /** brandId → status → count (only statuses that occur). */
  byBrand: { brandId: string; counts: Partial<Record<ConnectionStatus, number>>; total: number }[];
  attention: { connection: TConnectionView; reason: TAttentionReason }[];
  /** How many need attention in all, counted up to ATTENTION_COUNT_CAP. */
  attentionTotal: number;
};

const reasonOf = (c: TConnectionView): TAttentionReason =>
  c.status === "needs_reauth" ? "needs_reauth" : c.status === "error" ? "error" : "expiring";

export async function getConnectionOverview(ctx: TAuthContext): Promise<TOverview> {
  const scope = connectionScope(ctx);
  const [groups, attention] = await Promise.all([
    countByBrandAndStatus(scope),
    findNeedingAttention(scope, ATTENTION_LIMIT, ATTENTION_COUNT_CAP),
  ]);
  const brands = new Map<string, TOverview["byBrand"][number]>();
  for (const g of groups) {
    const b = brands.get(g.brandId) ?? { brandId: g.brandId, counts: {}, total: 0 };
    b.counts[g.status] = g._count._all;
    b.total += g._count._all;
    brands.set(g.brandId, b);
  }
  return {
    byBrand: [...brands.values()],
    attention: attention.rows.map((r) => {
      const connection = toConnectionView(r);
      return { connection, reason: reasonOf(connection) };
    }),
    attentionTotal: attention.total,
  };
}

/** First-run checklist: has the team connected the Sandbox (any connection of it, whatever its state)? */
export const hasSandboxConnection = (ctx: TAuthContext) => hasConnectionOf(ctx.teamId, "sandbox");
