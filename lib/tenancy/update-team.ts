import { recordAudit } from "@/lib/audit/record-audit";
import type { TAuthContext } from "@/lib/actor";
import { updateTeam as updateTeamRow } from "@/lib/tenancy/repo";
import type { TUpdateTeamInput } from "@/lib/tenancy/schemas";

export async function updateTeam(ctx: TAuthContext, input: TUpdateTeamInput) {
  const team = await updateTeamRow(
    { teamId: ctx.teamId },
    {
      name: input.name,
      allowedOrigins: input.allowed_origins?.map((o) => new URL(o).origin),
    },
  );
  await recordAudit(ctx, "team.updated", { type: "team", id: team.id }, { fields: Object.keys(input) });
  return { id: team.id, name: team.name, allowed_origins: team.allowedOrigins };
}
