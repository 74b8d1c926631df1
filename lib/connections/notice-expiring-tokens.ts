// Advance notice for tokens that cannot be renewed (no refresh token, and no re-exchange like Meta's): days before
// they expire the connection carries an "expires_soon" error and the audit log says so, so someone can reconnect
// in time instead of discovering a dead connection.
//
// Renewable tokens (nearly every hourly token is "expiring within 7 days") are never flagged, so one pass pages
// through the window by (expiry, id) rather than re-reading the same first page: otherwise 50 renewable rows would
// hide every non-renewable one behind them.
import { recordAudit } from "@/lib/audit/record-audit";
import { openCredentials } from "@/lib/connections/credentials";
import { findExpiringUnflagged, updateConnectionRow } from "@/lib/connections/repo";
import { getProviderForTeam } from "@/lib/providers/get-provider-for-team";

export async function noticeExpiringTokens(
  horizonMs: number,
  batch = 50,
  maxRows = 100_000,
): Promise<number> {
  const before = new Date(Date.now() + horizonMs);
  let flagged = 0;
  let after: { tokenExpiresAt: Date; id: string } | undefined;
  for (let seen = 0; seen < maxRows;) {
    const rows = await findExpiringUnflagged(before, batch, after);
    if (rows.length === 0) break;
    seen += rows.length;
    const last = rows[rows.length - 1]!;
    after = last.tokenExpiresAt ? { tokenExpiresAt: last.tokenExpiresAt, id: last.id } : undefined;
    for (const r of rows) {
      const provider = await getProviderForTeam(r.teamId, r.providerSlug);
      if (!r.credentialsSealed || !provider?.oauth2 || !r.tokenExpiresAt) continue;
      let creds;
      try {
        creds = openCredentials(r.id, r.credentialsSealed);
      } catch {
        continue; // an unreadable row is reported by keys:rotate; it must not stop the other work
      }
      const renewable =
        (creds.type === "oauth2" && Boolean(creds.refresh_token)) ||
        provider.oauth2.refresh === "long_lived_exchange";
      if (renewable) continue;
      await updateConnectionRow(
        r.teamId,
        r.id,
        {
          lastErrorCode: "expires_soon",
          lastErrorMessage: `The token expires on ${r.tokenExpiresAt.toISOString()} and ${provider.name} gave no way to renew it: reconnect before then.`,
        },
        { type: "connection.expiring", data: { expires_at: r.tokenExpiresAt.toISOString() } },
      );
      await recordAudit(
        { teamId: r.teamId, actor: null },
        "connection.expiring",
        { type: "connection", id: r.id },
        { expires_at: r.tokenExpiresAt.toISOString() },
      );
      flagged++;
    }
    if (!after || rows.length < batch) break;
  }
  return flagged;
}
