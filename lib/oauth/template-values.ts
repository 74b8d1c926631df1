import { fillTemplate, placeholdersIn, TOKEN_DERIVED_PARAMS } from "@/lib/providers/templates";
import { type TProvider } from "@/lib/providers/schemas";
import type { TOAuthApp } from "@/lib/providers/app-types";

/**
 * Values for {placeholders}: app settings (with defaults), the client id, connection params, and the token-derived
 * values (instance_url, cloud_id, api_domain) — passed explicitly, or found among a stored connection's params.
 */
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
  for (const name of Object.keys(TOKEN_DERIVED_PARAMS)) {
    if (params[name] !== undefined) withDefaults[name] = params[name];
  }
  return { ...settings, ...(app ? { client_id: app.clientId } : {}), ...withDefaults, ...derived };
}

/**
 * The provider's api.defaultHeaders, filled: template values plus the app's secret settings (a developer token
 * goes into a header, never into a URL, so only headers see secret values). A header whose placeholder has no
 * value (the setting was never configured) is left out rather than sent as a literal "{developer_token}".
 */
export function filledDefaultHeaders(
  provider: TProvider,
  app: Pick<TOAuthApp, "clientId" | "settings" | "secretSettings"> | null,
  params: Record<string, string>,
): Record<string, string> {
  const values = { ...templateValues(provider, app, params) };
  for (const s of provider.appSettings) {
    const v = s.secret ? app?.secretSettings?.[s.name] : undefined;
    if (v !== undefined) values[s.name] = v;
  }
  const headers: Record<string, string> = {};
  for (const [name, template] of Object.entries(provider.api.defaultHeaders)) {
    const value = fillTemplate(template, values);
    if (placeholdersIn(value).length === 0) headers[name] = value;
  }
  return headers;
}
