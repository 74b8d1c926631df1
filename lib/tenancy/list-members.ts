import type { TAuthContext } from "@/lib/actor";
import { findMembers, findPendingInvites, findTeam } from "@/lib/tenancy/repo";

export async function getTeamOverview(ctx: TAuthContext) {
  const scope = { teamId: ctx.teamId };
  const [team, members, invites] = await Promise.all([
    findTeam(scope),
    findMembers(scope),
    findPendingInvites(scope),
  ]);
  return {
    team: { id: team!.id, name: team!.name, allowedOrigins: team!.allowedOrigins },
    members: members.map((m) => ({
      id: m.id,
      role: m.role,
      userId: m.user.id,
      email: m.user.email,
      name: m.user.name,
    })),
    invites: invites.map((i) => ({
      id: i.id,
      role: i.role,
      email: i.email,
      expiresAt: i.expiresAt.toISOString(),
    })),
  };
}
