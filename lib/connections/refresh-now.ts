import { recordAudit } from "@/lib/audit/record-audit";
import type { TAuthContext } from "@/lib/actor";
import { ConnectionError, ConnectionNotUsable } from "@/lib/connections/errors";
import { findConnection } from "@/lib/connections/repo";
import { refreshConnection } from "@/lib/connections/refresh-connection";
import { toConnectionView } from "@/lib/connections/schemas";
import { connectionScope } from "@/lib/connections/scope";
import { AppError, notFound } from "@/lib/errors";

/**
 * POST /connections/{id}/refresh: refresh now, whatever the expiry (still one at a time per connection). A
 * connection that needs reconnecting is refused without calling the provider: its refresh token is already
 * refused there, and asking again only adds doomed invalid_grant requests.
 */
export async function refreshNow(ctx: TAuthContext, id: string) {
  const scope = connectionScope(ctx);
  const row = await findConnection(scope, id);
  if (!row) throw notFound("Connection");
  if (row.authMode !== "oauth2")
    throw new AppError("bad_request", { message: "Only OAuth connections have tokens to refresh." });
  if (row.status === "disabled")
    throw new ConnectionNotUsable(row.status, "The connection is disabled; enable it first.");
  if (row.status === "needs_reauth" || row.status === "revoked")
    throw new ConnectionNotUsable(
      row.status,
      `The connection must be reconnected (${row.status}); refreshing cannot fix it.`,
      row.lastErrorCode ?? undefined,
    );
  try {
    const out = await refreshConnection(row.teamId, id, { force: true });
    await recordAudit(ctx, "connection.refreshed", { type: "connection", id }, { refreshed: out.refreshed });
  } catch (err) {
    const code = err instanceof ConnectionError ? err.kind : err instanceof AppError ? err.code : "internal";
    await recordAudit(ctx, "connection.refresh_failed", { type: "connection", id }, { code });
    throw err;
  }
  return toConnectionView((await findConnection(scope, id))!);
}
