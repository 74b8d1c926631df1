import { API_SCOPES } from "@/lib/api-keys/scopes";
import { findApiKeyMeta } from "@/lib/tenancy/caller-repo";
import type { TAuthContext } from "@/lib/actor";
import { notFound } from "@/lib/errors";
import { findTeam } from "@/lib/tenancy/repo";

/** GET /api/v1/me: the caller's team, scopes and key expiry — never the key. */
export async function describeCaller(ctx: TAuthContext) {
  const team = await findTeam({ teamId: ctx.teamId });
  if (!team) throw notFound("Team");
  const key =
    ctx.actor.kind === "api_key" ? await findApiKeyMeta({ teamId: ctx.teamId }, ctx.actor.keyId) : null;
  return {
    team: { id: team.id, name: team.name },
    actor: ctx.actor.kind,
    role: ctx.role,
    scopes: ctx.actor.kind === "api_key" ? ctx.actor.scopes : [...API_SCOPES],
    api_key: key ? { id: key.id, expires_at: key.expiresAt?.toISOString() ?? null } : null,
  };
}
