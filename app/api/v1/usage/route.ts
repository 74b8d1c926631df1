import { defineRoute } from "@/lib/http/define-route";
import { getUsageOverview } from "@/lib/tiers/get-usage-overview";
import { ZUsageView } from "@/lib/tiers/schemas";

export const dynamic = "force-dynamic";

// The Usage page's numbers: the team's tier and quotas, calls per day per provider, accounts, connection health.
export const GET = defineRoute(
  {
    auth: "any",
    docs: { summary: "Get the team's usage" },
    role: "member",
    scopes: ["connections:read"],
    output: ZUsageView,
  },
  async ({ ctx }) => getUsageOverview(ctx),
);
