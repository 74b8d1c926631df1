import { defineRoute } from "@/lib/http/define-route";
import { listTiers } from "@/lib/tiers/manage-tiers";
import { ZTierList } from "@/lib/tiers/schemas";

export const dynamic = "force-dynamic";

// Instance superusers only (a dashboard session); a team reads its own tier at GET /api/v1/usage.
export const GET = defineRoute(
  { auth: "session", docs: { summary: "List tiers" }, output: ZTierList },
  async ({ ctx }) => ({
    data: await listTiers(ctx),
  }),
);
