import type { TAuthContext } from "@/lib/actor";
import { notFound } from "@/lib/errors";
import { findGrant, hasGrantInProgress } from "@/lib/connections/grant-repo";
import type { TGrantStatus } from "@/lib/connections/grant-schemas";

/** Poll target for API and popup flows. A pending grant past its expiry reads as expired. */
export async function getGrantStatus(ctx: TAuthContext, grantId: string): Promise<TGrantStatus> {
  const g = await findGrant({ teamId: ctx.teamId }, grantId);
  // Members may only watch their own grants (and shared ones they started is not tracked: admins see all).
  if (
    !g ||
    (ctx.actor.kind === "user" &&
      ctx.role === "member" &&
      g.ownerKind !== "shared" &&
      g.ownerUserId !== ctx.actor.userId)
  )
    throw notFound("Grant");
  // Expired by the clock (no callback came) or by a late callback (expireGrant): one answer either way.
  const expired = g.status === "expired" || (g.status === "pending" && g.expiresAt <= new Date());
  return {
    grant_id: g.id,
    provider: g.providerSlug,
    status: expired ? "expired" : g.status,
    connection_id: g.connectionId,
    error: g.errorCode
      ? { code: g.errorCode, description: g.errorDescription }
      : expired
        ? { code: "expired", description: "The user did not finish within 10 minutes." }
        : null,
    warning: g.warningCode ? { code: g.warningCode, description: g.warningDescription } : null,
    in_progress: g.status === "pending" && !expired && g.boundAt !== null && g.usedAt === null,
    expires_at: g.expiresAt.toISOString(),
  };
}

/** For a connect session's public status: is a browser at the provider for it (a grant opened, no callback yet)? */
export const connectSessionInProgress = (teamId: string, connectSessionId: string) =>
  hasGrantInProgress({ teamId }, connectSessionId);
