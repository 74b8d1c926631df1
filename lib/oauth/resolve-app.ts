import { env } from "@/lib/env";
import { stringRecord } from "@/lib/json-record";
import { findOAuthApp } from "@/lib/oauth/repo";
import { openSecretSettings } from "@/lib/oauth/secrets";
import { SANDBOX_CLIENT_ID, sandboxIssuer } from "@/lib/sandbox/sandbox-issuer";
import type { TOAuthApp } from "@/lib/oauth/types";
import { aadFor, open } from "@/lib/vault/vault";

/** The team's own app overrides the instance's; the built-in Sandbox needs neither. Null: not configured. */
export async function resolveOAuthApp(teamId: string, providerSlug: string): Promise<TOAuthApp | null> {
  const row = (await findOAuthApp(teamId, providerSlug)) ?? (await findOAuthApp(null, providerSlug));
  if (row) {
    return {
      source: row.teamId ? "team" : "instance",
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
      clientId: SANDBOX_CLIENT_ID,
      clientSecret: cfg.sandboxClientSecret,
      settings: { issuer: sandboxIssuer() },
    };
  }
  return null;
}
