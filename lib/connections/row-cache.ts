// The proxy's connection read, cached for 1 s in process so that a busy connection costs no database round trip
// in steady state (issue 8: "at most one" — this makes it zero for the connection; the API key has its own cache).
//
// Why a fixed 1 s and no NOTIFY: every write of a connection row in lib/connections/repo.ts drops the entry here at
// once (`invalidateHere`), so the instance that disabled, deleted, reconnected or refreshed a connection never
// serves the old row; other instances (and writes the repo does not see — rows removed by a brand's or team's
// cascade) rely on the TTL, which keeps the 2 s promise for disabled and deleted connections by itself. A refresh
// costs no extra NOTIFY that way.
//
// Only usable rows are kept: a needs_reauth / disabled row is read again on every call, so a reconnect or an
// enable is seen at once everywhere. The caller bypasses the cache when the cached token is due for refresh
// (readFreshVisibleConnection): the refresh decision is made on the database's row, never on a cached copy.
import { createTtlCache } from "@/lib/cache-bus/ttl-cache";
import { CONNECTION_ROW_TOPIC } from "@/lib/cache-bus/topics";
import { findVisibleConnectionWithSecret, type TSecretConnectionRow } from "@/lib/connections/repo";
import type { TConnectionScope } from "@/lib/connections/scope";

const USABLE: ReadonlySet<string> = new Set(["connected", "error", "pending"]);

const rows = createTtlCache<TSecretConnectionRow>("connection-rows", {
  topic: CONNECTION_ROW_TOPIC,
  longTtlMs: 1_000,
  shortTtlMs: 1_000,
  maxEntries: 20_000,
});

const keyOf = (scope: TConnectionScope, id: string) => `${scope.teamId}|${scope.viewerUserId ?? ""}|${id}`;

export async function readVisibleConnection(
  scope: TConnectionScope,
  id: string,
): Promise<TSecretConnectionRow | null> {
  const key = keyOf(scope, id);
  const row = await rows.get(
    key,
    () => findVisibleConnectionWithSecret(scope, id),
    (r) => r.id,
  );
  if (row && (!USABLE.has(row.status) || !row.credentialsSealed)) rows.delete(key);
  return row;
}

/** The database's current row (and the cache refilled with it). */
export async function readFreshVisibleConnection(
  scope: TConnectionScope,
  id: string,
): Promise<TSecretConnectionRow | null> {
  rows.delete(keyOf(scope, id));
  return readVisibleConnection(scope, id);
}
