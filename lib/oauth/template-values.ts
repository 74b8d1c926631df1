import type { TProvider } from "@/lib/providers/schemas";
import type { TOAuthApp } from "@/lib/oauth/types";

/** Values for {placeholders}: app settings (with defaults), the client id, connection params, token-derived values. */
export function templateValues(
  provider: TProvider,
  app: Pick<TOAuthApp, "clientId" | "settings"> | null,
  params: Record<string, string>,
  derived: Record<string, string> = {},
): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const s of provider.appSettings) {
    const v = app?.settings[s.name] ?? s.default;
    if (v !== undefined && !s.secret) settings[s.name] = v;
  }
  const withDefaults: Record<string, string> = {};
  for (const p of provider.connectionParams) {
    const v = params[p.name] ?? p.default;
    if (v !== undefined) withDefaults[p.name] = v;
  }
  return { ...settings, ...(app ? { client_id: app.clientId } : {}), ...withDefaults, ...derived };
}
