// POST /api/v1/connections/{id}/reconnect-session: a hosted session that re-authorizes THAT connection in place
// (same id, label, settings, brand, account), for a partner whose end-user's connection needs the user again
// (needs_reauth, error, missing scopes). The page offers only that connection's provider, and the grant it starts
// carries the connection as its target (lib/connections/start-reconnect.ts, reconnect-connection.ts).
import type { TAuthContext } from "@/lib/actor";
import { createConnectSession } from "@/lib/connect-sessions/create-connect-session";
import type { TReconnectSessionInput } from "@/lib/connect-sessions/schemas";
import { loadReconnectTarget } from "@/lib/connections/start-reconnect";
import { notFound } from "@/lib/errors";

export async function createReconnectSession(ctx: TAuthContext, connectionId: string, input: TReconnectSessionInput) {
  const { row } = await loadReconnectTarget({ teamId: ctx.teamId, viewerUserId: null }, connectionId, (r) => {
    // Only an account's connection is re-authorized by its end-user; others reconnect from the dashboard.
    if (r.ownerKind !== "account" || !r.accountId) throw notFound("Connection");
  });
  return createConnectSession(
    ctx,
    { id: row.accountId! },
    { redirect_url: input.redirect_url, scopes: input.scopes, locale: input.locale },
    { connectionId: row.id, brandId: row.brandId, providerSlug: row.providerSlug },
  );
}
