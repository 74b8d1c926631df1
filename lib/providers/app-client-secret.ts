import { findOAuthApp } from "@/lib/providers/app-repo";
import { aadFor, open } from "@/lib/vault/vault";

/**
 * The client secret of exactly one level's app — a team's (teamId) or the instance's (null), with no fallback
 * between them: some providers sign webhooks with it (Shopify, HubSpot), and a delivery to one app's endpoint
 * must verify with that app's secret only. Null when that level has no app.
 */
export async function appClientSecret(teamId: string | null, providerSlug: string): Promise<string | null> {
  const row = await findOAuthApp(teamId, providerSlug);
  return row ? open(row.clientSecretSealed, aadFor("OAuthApp", row.id, "clientSecret")) : null;
}
