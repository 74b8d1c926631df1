import { defineRoute } from "@/lib/http/define-route";
import { ZUpdateProxyLimitsInput } from "@/lib/proxy-limits/schemas";
import { readTeamProxyLimits, updateTeamProxyLimits } from "@/lib/proxy-limits/team-limits";

export const dynamic = "force-dynamic";

// A team setting of the signed-in dashboard (no API key scope covers team settings).
export const GET = defineRoute({ auth: "session", role: "member" }, async ({ ctx }) =>
  readTeamProxyLimits(ctx),
);

export const PATCH = defineRoute(
  { auth: "session", role: "admin", body: ZUpdateProxyLimitsInput },
  async ({ ctx, body }) => updateTeamProxyLimits(ctx, body),
);
