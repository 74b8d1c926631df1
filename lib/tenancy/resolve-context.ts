import type { TAuthContext, TRole } from "@/lib/actor";
import type { TSessionClaims } from "@/lib/actor";
import { findMembership, findMembershipsOfUser, findUserById } from "@/lib/tenancy/repo";

export const TEAM_COOKIE = "pb_team";
export const BRAND_COOKIE = "pb_brand";

export type TSessionContext = TAuthContext & {
  user: { id: string; email: string; name: string | null; isSuperuser: boolean };
  team: { id: string; name: string };
  teams: { id: string; name: string; role: TRole }[];
};

/**
 * The team a signed-in user acts in: the one their team cookie names if they are a member, else their first.
 * Returns null when the user no longer exists or belongs to no team.
 */
export async function resolveSessionContext(
  claims: TSessionClaims,
  preferredTeamId?: string | null,
): Promise<TSessionContext | null> {
  const user = await findUserById(claims.userId);
  if (!user) return null;
  const preferred = preferredTeamId ? await findMembership(user.id, preferredTeamId) : null;
  const all = await findMembershipsOfUser(user.id);
  const chosen = preferred ?? all[0];
  if (!chosen) return null;
  return {
    actor: { kind: "user", userId: user.id, sessionId: claims.sessionId, isSuperuser: user.isSuperuser },
    teamId: chosen.team.id,
    role: chosen.role,
    user,
    team: chosen.team,
    teams: all.map((m) => ({ id: m.team.id, name: m.team.name, role: m.role })),
  };
}
