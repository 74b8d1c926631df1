import { aadFor, open } from "@/lib/vault/vault";

/**
 * The secret settings of an OAuth app, opened: OAuthApp.settings keeps them as `{ sealed }` (AAD
 * "OAuthApp:<id>:setting:<name>", see configure-app.ts). Throws VaultError like the client secret does.
 */
export function openSecretSettings(appId: string, settings: unknown): Record<string, string> {
  if (!settings || typeof settings !== "object" || Array.isArray(settings)) return {};
  const out: Record<string, string> = {};
  for (const [name, v] of Object.entries(settings as Record<string, unknown>)) {
    if (v && typeof v === "object" && typeof (v as { sealed?: unknown }).sealed === "string")
      out[name] = open((v as { sealed: string }).sealed, aadFor("OAuthApp", appId, `setting:${name}`));
  }
  return out;
}
