// The redirect URI Patchbay registers with a provider, computed here and nowhere else (authorization request,
// code exchange, the dashboard's "register this URI", GET /api/v1/providers/{slug}).
//
// Why more than one: a callback can only tell which authorization server answered if the answer says so. A
// provider that always sends RFC 9207 `iss` (and whose entry requires it) shares the generic /oauth/callback —
// the iss check tells servers apart. Every other provider gets its own path, /oauth/callback/<key>, so a code
// issued for one provider's redirect URI can never be accepted for another provider's grant (mix-up and code
// injection, RFC 9700 §4.4): the honest server only redirects to the URI registered for its own client.
// The key is the catalog slug, or for a team's custom provider its app id (unique across teams, and new when a
// definition is deleted and added again).
import { env } from "@/lib/env";
import { resolveOAuthApp } from "@/lib/providers/resolve-app";
import { getProviderForTeam } from "@/lib/providers/get-provider-for-team";
import { getProvider } from "@/lib/providers/registry";
import type { TProvider } from "@/lib/providers/schemas";

/** Keys are slugs or app ids: nothing else reaches the path. */
export const CALLBACK_KEY = /^[A-Za-z0-9_-]{1,64}$/;

/** The path key for a provider, or null for the generic callback. `appId` matters only for custom providers. */
export function callbackKeyFor(provider: TProvider, appId: string | null | undefined): string | null {
  if (provider.oauth2?.requireIss && provider.oauth2.issuer) return null;
  const custom = getProvider(provider.slug) === undefined;
  return custom ? (appId ?? null) : provider.slug;
}

/** The redirect URI for a path key (null: the generic one). */
export function callbackUri(key: string | null): string {
  return key === null ? `${env().appUrl}/oauth/callback` : `${env().appUrl}/oauth/callback/${key}`;
}

/** The redirect URI to register for, send to, and expect back from this provider (and, if custom, its app). */
export function redirectUriFor(provider: TProvider, app: { id?: string | null } | null): string {
  const key = callbackKeyFor(provider, app?.id);
  if (key === null && getProvider(provider.slug) === undefined && !provider.oauth2?.requireIss) {
    // A custom provider without its app row cannot have a per-provider URI; never fall back to the shared one.
    throw new Error(`no redirect URI for custom provider ${provider.slug} without its app`);
  }
  return callbackUri(key);
}

/** The redirect URI to register for one of a team's providers (null: not an OAuth provider, or no app yet). */
export async function redirectUriForTeam(teamId: string, slug: string): Promise<string | null> {
  const provider = await getProviderForTeam(teamId, slug);
  if (!provider?.oauth2) return null;
  const custom = getProvider(slug) === undefined;
  const app = custom ? await resolveOAuthApp(teamId, slug) : null;
  if (custom && !app) return null;
  return redirectUriFor(provider, app);
}
