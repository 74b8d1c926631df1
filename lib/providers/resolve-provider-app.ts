// The provider entry and OAuth app of a team's connections, cached in process for the proxy's hot path (the
// catalog is code; custom definitions and apps are OAuthApp rows). Every write to an OAuthApp row goes through
// app-repo.ts, which publishes "provider_app:<slug>": this instance drops the slug's entries at once, the others
// on the NOTIFY, or within the short TTL where notifications do not work (lib/cache-bus).
import { createTtlCache } from "@/lib/cache-bus/ttl-cache";
import { PROVIDER_APP_TOPIC } from "@/lib/providers/app-repo";
import type { TOAuthApp } from "@/lib/providers/app-types";
import { getProviderForTeam } from "@/lib/providers/get-provider-for-team";
import { resolveOAuthApp } from "@/lib/providers/resolve-app";
import type { TProvider } from "@/lib/providers/schemas";

type TProviderApp = { slug: string; provider: TProvider | undefined; app: TOAuthApp | null };

const cache = createTtlCache<TProviderApp>("provider-app", {
  topic: PROVIDER_APP_TOPIC,
  longTtlMs: 60_000,
  shortTtlMs: 5_000,
  maxEntries: 10_000,
});

/** As getProviderForTeam + resolveOAuthApp (the app only when the provider exists), without a round trip while cached. */
export async function resolveProviderAndApp(teamId: string, slug: string): Promise<TProviderApp> {
  const hit = await cache.get(
    `${teamId}\n${slug}`,
    async () => {
      const provider = await getProviderForTeam(teamId, slug);
      return { slug, provider, app: provider ? await resolveOAuthApp(teamId, provider.slug) : null };
    },
    (v) => v.slug,
  );
  // the loader never answers null; the fallback keeps the type honest
  return hit ?? { slug, provider: undefined, app: null };
}
