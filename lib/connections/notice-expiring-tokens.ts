// Advance notice for tokens that cannot be renewed (no refresh token, and no re-exchange like Meta's): days before
// they expire the connection carries an "expires_soon" error and the audit log says so, so someone can reconnect
// in time instead of discovering a dead connection.
import { recordAudit } from "@/lib/audit/record-audit";
import { openCredentials } from "@/lib/connections/credentials";
import { findExpiringUnflagged, updateConnectionRow } from "@/lib/connections/repo";
import { getProviderForTeam } from "@/lib/providers/get-provider-for-team";

export async function noticeExpiringTokens(horizonMs: number, batch = 50): Promise<number> {
  const rows = await findExpiringUnflagged(new Date(Date.now() + horizonMs), batch);
  let flagged = 0;
  for (const r of rows) {
    const provider = await getProviderForTeam(r.teamId, r.providerSlug);
    if (!r.credentialsSealed || !provider?.oauth2 || !r.tokenExpiresAt) continue;
    let creds;
    try {
      creds = openCredentials(r.id, r.credentialsSealed);
    } catch {
      continue; // an unreadable row is reported by keys:rotate; it must not stop the scheduler's other work
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
  return flagged;
}
