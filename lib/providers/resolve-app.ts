import { env } from "@/lib/env";
import { stringRecord } from "@/lib/json-record";
import { findOAuthApp } from "@/lib/providers/app-repo";
import { getProvider } from "@/lib/providers/registry";
import { openSecretSettings } from "@/lib/providers/app-secrets";
import { SANDBOX_CLIENT_ID, sandboxIssuer } from "@/lib/sandbox/sandbox-issuer";
import type { TOAuthApp } from "@/lib/providers/app-types";
import { aadFor, open } from "@/lib/vault/vault";

/**
 * The team's own app overrides the instance's; the built-in Sandbox needs neither. Null: not configured.
 * Instance apps (superuser / env) serve catalog providers only: a slug outside the catalog is a team's custom
 * provider, whose endpoints the team chose — the instance's client credentials must never be sent there.
 */
export async function resolveOAuthApp(teamId: string, providerSlug: string): Promise<TOAuthApp | null> {
  const catalog = getProvider(providerSlug) !== undefined;
  const row =
    (await findOAuthApp(teamId, providerSlug)) ?? (catalog ? await findOAuthApp(null, providerSlug) : null);
  if (row) {
    return {
      source: row.teamId ? "team" : "instance",
      id: row.id,
      clientId: row.clientId,
      clientSecret: open(row.clientSecretSealed, aadFor("OAuthApp", row.id, "clientSecret")),
      settings: stringRecord(row.settings),
      secretSettings: openSecretSettings(row.id, row.settings),
    };
  }
  const cfg = env();
  if (providerSlug === "sandbox" && cfg.sandbox.enabled) {
    return {
      source: "sandbox",
      id: null,
      clientId: SANDBOX_CLIENT_ID,
      clientSecret: cfg.sandboxClientSecret,
      settings: { issuer: sandboxIssuer() },
    };
  }
  return null;
}
