// The one gate before a connection's tokens leave Patchbay (refresh, revoke, test). A connection is pinned at
// creation to the custom provider definition it was made with — the OAuthApp row id and a hash of its
// endpoints. Catalog providers are code, so they pin nothing (null, null). Before any outbound use the current
// definition must still match the pin; otherwise nothing is sent and the connection goes to needs_reauth with
// lastErrorCode "provider_changed": deleting a custom provider and adding the same slug again (or any change
// of its endpoints) must never hand the stored refresh tokens to the new URLs. Reconnecting goes through the
// new definition's consent screen, in the open, and pins the new connection to it.
import crypto from "node:crypto";
import { changeStatus } from "@/lib/connections/repo";
import { ConnectionNotUsable } from "@/lib/connections/errors";
import { log } from "@/lib/log";
import type { TOAuthApp } from "@/lib/providers/app-types";
import { resolveProviderAndApp } from "@/lib/providers/resolve-provider-app";
import { getProvider } from "@/lib/providers/registry";
import type { TProvider } from "@/lib/providers/schemas";

export type TProviderPin = { providerDefinitionId: string | null; providerEndpointsHash: string | null };

/** Every URL a token or a client secret may be sent to. The migration that backfilled pins hashes the same. */
function endpointsHash(p: TProvider): string {
  const o = p.oauth2;
  const parts = [
    o?.authorizationUrl ?? "",
    o?.tokenUrl ?? "",
    o?.revocationUrl ?? "",
    o?.userInfoUrl ?? "",
    o?.issuer ?? "",
    p.api.baseUrl,
  ];
  return crypto.createHash("sha256").update(parts.join("\n"), "utf8").digest("hex");
}

const isCustom = (p: TProvider) => getProvider(p.slug) === undefined;

/** The pin to store on a new connection made with this provider and app. */
export function pinOf(provider: TProvider, app: Pick<TOAuthApp, "id"> | null): TProviderPin {
  if (!isCustom(provider)) return { providerDefinitionId: null, providerEndpointsHash: null };
  if (!app?.id) throw new Error(`custom provider ${provider.slug} without its app row`);
  return { providerDefinitionId: app.id, providerEndpointsHash: endpointsHash(provider) };
}

type TPinnedRow = {
  teamId: string;
  providerSlug: string;
  providerDefinitionId: string | null;
  providerEndpointsHash: string | null;
};

export type TLoadedProvider =
  | { ok: true; provider: TProvider | undefined; app: TOAuthApp | null }
  | { ok: false; reason: "provider_changed"; message: string };

/** The provider and app for a stored connection, if they are still the ones it was made with. Never writes. */
export async function loadProviderForConnection(row: TPinnedRow): Promise<TLoadedProvider> {
  const { provider, app } = await resolveProviderAndApp(row.teamId, row.providerSlug);
  if (!provider) return { ok: true, provider: undefined, app: null };
  const now =
    isCustom(provider) && app
      ? pinOf(provider, app)
      : { providerDefinitionId: null, providerEndpointsHash: null };
  const same =
    now.providerDefinitionId === row.providerDefinitionId &&
    (row.providerEndpointsHash === null || now.providerEndpointsHash === row.providerEndpointsHash);
  if (same) return { ok: true, provider, app };
  return {
    ok: false,
    reason: "provider_changed",
    message: `The provider "${row.providerSlug}" was changed or replaced since this connection was made; its tokens are not sent to the new endpoints. Reconnect to use the current definition.`,
  };
}

/**
 * As loadProviderForConnection, for callers about to send the connection's tokens: a changed provider moves the
 * connection to needs_reauth (once, with the reason) and throws ConnectionNotUsable; nothing is sent.
 */
export async function loadProviderForConnectionOrThrow(row: TPinnedRow & { id: string }) {
  const loaded = await loadProviderForConnection(row);
  if (loaded.ok) return { provider: loaded.provider, app: loaded.app };
  await changeStatus(row.teamId, row.id, "needs_reauth", "provider definition changed", {
    lastErrorCode: loaded.reason,
    lastErrorMessage: loaded.message,
  });
  log.warn("connection provider changed; tokens withheld", {
    connectionId: row.id,
    provider: row.providerSlug,
  });
  throw new ConnectionNotUsable("needs_reauth", loaded.message, loaded.reason);
}
