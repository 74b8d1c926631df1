import type { TConnectSessionView } from "@/lib/connect-sessions/schemas";
import type { TSessionRow } from "@/lib/connect-sessions/repo";

/** pending past its expiry reads as expired (no job has to flip it). */
export function sessionStatus(row: Pick<TSessionRow, "status" | "expiresAt">, now = new Date()) {
  return row.status === "pending" && row.expiresAt <= now ? "expired" : row.status;
}

export function toSessionView(row: TSessionRow): TConnectSessionView {
  return {
    session_id: row.id,
    account_id: row.accountId,
    external_id: row.account.externalId,
    status: sessionStatus(row),
    providers: row.providers,
    provider: row.providerSlug,
    connection_id: row.connectionId,
    reconnect_connection_id: row.targetConnectionId,
    error: row.errorCode ? { code: row.errorCode, message: row.errorMessage } : null,
    redirect_url: row.redirectUrl,
    brand_id: row.brandId,
    locale: row.locale,
    expires_at: row.expiresAt.toISOString(),
    used_at: row.usedAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
  };
}
