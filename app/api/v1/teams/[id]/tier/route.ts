import { defineRoute } from "@/lib/http/define-route";
import { assignTeamTier } from "@/lib/tiers/manage-tiers";
import { ZAssignTierInput, ZTeamParams, ZTeamTierView } from "@/lib/tiers/schemas";

export const dynamic = "force-dynamic";

// Instance superusers only: any team by id (audited in that team).
export const PATCH = defineRoute(
  {
    auth: "session",
    docs: { summary: "Assign a team's tier" },
    params: ZTeamParams,
    body: ZAssignTierInput,
    output: ZTeamTierView,
  },
  async ({ ctx, params, body }) => assignTeamTier(ctx, params.id, body.tier_id),
);
