// A connection opened for an API call through Patchbay (the proxy, the API console): visible to the caller, in a
// usable status, still pinned to the provider definition it was made with, and with credentials refreshed first
// when the access token is due. Nothing here sends a request to the provider's API; the caller does, with the
// provider entry and app returned here.
import type { TAuthContext } from "@/lib/actor";
import { openCredentials, type TCredentials } from "@/lib/connections/credentials";
import { ConnectionNotUsable, ProviderNotConfigured } from "@/lib/connections/errors";
import { loadProviderForConnectionOrThrow } from "@/lib/connections/load-provider-for-connection";
import { refreshConnection } from "@/lib/connections/refresh-connection";
import { isRefreshDue } from "@/lib/connections/refresh-due";
import { readFreshVisibleConnection, readVisibleConnection } from "@/lib/connections/row-cache";
import { connectionScope } from "@/lib/connections/scope";
import { DEFAULT_MIN_VALIDITY_MS } from "@/lib/connections/get-credentials";
import { notFound } from "@/lib/errors";
import { stringRecord } from "@/lib/json-record";
import type { TOAuthApp } from "@/lib/providers/app-types";
import type { TProvider } from "@/lib/providers/schemas";

export type TConnectionInUse = {
  id: string;
  teamId: string;
  providerSlug: string;
  authMode: string;
  params: Record<string, string>;
  provider: TProvider;
  app: TOAuthApp | null;
  credentials: TCredentials;
  /** when the access token expires (null: the provider never said) */
  expiresAt: Date | null;
  /**
   * The row these fields were read from — the same object for every request the row cache serves it to, a new
   * one after any write — so a caller may key what it derives from them (proxy-request.ts: the API base filled).
   */
  readonly rowKey: object;
};

// The credential opened once per row read, not per request: the row cache (row-cache.ts, 1 s) hands every request
// on a busy connection the same row object, so the vault opens its sealed credentials once for all of them (AES-GCM
// + JSON + zod were ~7 % of a proxied request's CPU). Keyed weakly by that row: when the cache lets the row go, the
// opened copy goes with it — the plaintext lives no longer than the row that carries its ciphertext (and the vault
// keys that open it are held by this process for good anyway). A refresh or reconnect is a new row, opened anew.
const opened = new WeakMap<object, TCredentials>();

function openedCredentials(row: object, connectionId: string, sealed: string): TCredentials {
  let credentials = opened.get(row);
  if (!credentials) {
    credentials = Object.freeze(openCredentials(connectionId, sealed)); // shared: nobody may change it
    opened.set(row, credentials);
  }
  return credentials;
}

/**
 * Throws not_found for a connection the caller cannot see (another team's included), ConnectionNotUsable for
 * disabled / needs_reauth / revoked ones and refresh failures as typed. `forceRefresh` asks for new tokens even
 * when the stored ones look valid (the provider just answered 401); single-flight like every refresh.
 */
export async function openConnectionForUse(
  ctx: TAuthContext,
  id: string,
  opts: { forceRefresh?: boolean; provider?: string } = {},
): Promise<TConnectionInUse> {
  // One query (visibility and the sealed credentials together), cached for 1 s (row-cache.ts) — but a row whose
  // token looks due is read again: the refresh decision is made on the database's row, never on a cached copy.
  const scope = connectionScope(ctx);
  let row = await readVisibleConnection(scope, id);
  if (row && (opts.forceRefresh || isRefreshDue(row, DEFAULT_MIN_VALIDITY_MS)))
    row = await readFreshVisibleConnection(scope, id);
  if (!row || (opts.provider !== undefined && row.providerSlug !== opts.provider))
    throw notFound("Connection");
  if (row.status === "disabled")
    throw new ConnectionNotUsable(row.status, "The connection is disabled; enable it to use it.");
  if (row.status === "needs_reauth" || row.status === "revoked") {
    throw new ConnectionNotUsable(
      row.status,
      `The connection must be reconnected (${row.status}); open it in the dashboard and reconnect.`,
      row.lastErrorCode ?? undefined,
    );
  }
  if (!row.credentialsSealed) throw new ConnectionNotUsable(row.status, "The connection has no credentials.");
  const { provider, app } = await loadProviderForConnectionOrThrow(row);
  if (!provider) throw new ProviderNotConfigured("The provider of this connection is no longer available.");
  const refreshable = row.authMode === "oauth2" || row.authMode === "service_account";
  const { credentials, expiresAt } =
    refreshable && (opts.forceRefresh || isRefreshDue(row, DEFAULT_MIN_VALIDITY_MS))
      ? await refreshConnection(row.teamId, id, {
          force: opts.forceRefresh ?? false,
          minValidityMs: DEFAULT_MIN_VALIDITY_MS,
          dueKnown: true,
        })
      : { credentials: openedCredentials(row, id, row.credentialsSealed), expiresAt: row.tokenExpiresAt };
  return {
    id,
    teamId: row.teamId,
    providerSlug: row.providerSlug,
    authMode: row.authMode,
    params: stringRecord(row.params),
    provider,
    app,
    credentials,
    expiresAt,
    rowKey: row,
  };
}
