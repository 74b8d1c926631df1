// The provider + OAuth app preamble of every OAuth step (start, bind, callback, programmatic exchange) in one
// place: the team's view of the provider (catalog or its custom definition) and the app whose client credentials
// apply (lib/providers/resolve-app.ts decides team / instance / sandbox). Steps that use a *stored* connection's
// tokens go through lib/connections/load-provider-for-connection.ts instead, which also checks the pin.
import { AppError, notFound } from "@/lib/errors";
import type { TOAuthApp } from "@/lib/providers/app-types";
import { getProviderForTeam } from "@/lib/providers/get-provider-for-team";
import { resolveOAuthApp } from "@/lib/providers/resolve-app";
import type { TOAuth2, TProvider } from "@/lib/providers/schemas";

export type TOAuthProvider = { provider: TProvider & { oauth2: TOAuth2 }; app: TOAuthApp };

/** The provider and app, or null when the provider is gone, does not use OAuth, or has no app configured. */
export async function loadOAuthProvider(teamId: string, slug: string): Promise<TOAuthProvider | null> {
  const provider = await getProviderForTeam(teamId, slug);
  if (!provider?.oauth2) return null;
  const app = await resolveOAuthApp(teamId, provider.slug);
  return app ? { provider: { ...provider, oauth2: provider.oauth2 }, app } : null;
}

/** As loadOAuthProvider, for a caller starting something new: says which of the three is missing. */
export async function loadOAuthProviderOrThrow(teamId: string, slug: string): Promise<TOAuthProvider> {
  const provider = await getProviderForTeam(teamId, slug);
  if (!provider) throw notFound("Provider");
  if (!provider.oauth2)
    throw new AppError("bad_request", {
      message: `${provider.name} does not connect with OAuth; create the connection with its credentials instead.`,
    });
  const app = await resolveOAuthApp(teamId, provider.slug);
  if (!app)
    throw new AppError("conflict", {
      message: `${provider.name} is not configured: an admin must add its OAuth client id and secret first.`,
    });
  return { provider: { ...provider, oauth2: provider.oauth2 }, app };
}
