import { defineRoute } from "@/lib/http/define-route";
import { ZUpdateProxyLimitsInput } from "@/lib/proxy-limits/schemas";
import { readTeamProxyLimits, updateTeamProxyLimits } from "@/lib/proxy-limits/team-limits";

export const dynamic = "force-dynamic";

// A team setting of the signed-in dashboard (no API key scope covers team settings).
export const GET = defineRoute(
  { auth: "session", docs: { summary: "Get the team's proxy limits" }, role: "member" },
  async ({ ctx }) => readTeamProxyLimits(ctx),
);

export const PATCH = defineRoute(
  {
    auth: "session",
    docs: { summary: "Update the team's proxy limits" },
    role: "admin",
    body: ZUpdateProxyLimitsInput,
  },
  async ({ ctx, body }) => updateTeamProxyLimits(ctx, body),
);
