import { hasRole, type TAuthContext } from "@/lib/actor";

/** Which connections a caller may see: admins and API keys all of the team's; members their own and shared ones. */
export type TConnectionScope = { teamId: string; viewerUserId: string | null };

export function connectionScope(ctx: TAuthContext): TConnectionScope {
  const seesAll = ctx.actor.kind === "api_key" || (ctx.role !== null && hasRole(ctx.role, "admin"));
  return { teamId: ctx.teamId, viewerUserId: seesAll || ctx.actor.kind !== "user" ? null : ctx.actor.userId };
}
