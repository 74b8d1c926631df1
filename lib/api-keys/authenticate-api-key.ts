// API key → team and scopes, cached briefly in process so that a proxied request in steady state spends its one
// database round trip on the connection row, not on the key.
//
// Revocation reaches every instance within 2 s: revokeApiKey drops the entry here and NOTIFYs the others
// (lib/cache-bus). While that path is proven healthy entries live 30 s, otherwise 1 s (embedded PGlite, a lost
// listener). Expiry is checked on every use, not only when the entry is loaded. Unknown keys are never cached.
import { hashApiKey, isWellFormedApiKey } from "@/lib/api-keys/format";
import { findLiveKeyByHash, touchLastUsed } from "@/lib/api-keys/repo";
import type { TAuthContext } from "@/lib/actor";
import { createTtlCache } from "@/lib/cache-bus/ttl-cache";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";

const LAST_USED_GRANULARITY_MS = 60_000;
export const API_KEY_TOPIC = "api_key";

type TLiveKey = {
  id: string;
  teamId: string;
  scopes: string[];
  expiresAt: Date | null;
  lastUsedAt: Date | null;
};

const keys = createTtlCache<TLiveKey>("api-keys", {
  topic: API_KEY_TOPIC,
  longTtlMs: 30_000,
  shortTtlMs: 1_000,
  maxEntries: 10_000,
});

// When this process last wrote lastUsedAt per key: the write is coalesced to once a minute per key and, on a
// cache hit, not awaited (it is bookkeeping, not authorization).
const g = globalThis as { __patchbayKeyTouched?: Map<string, number> };
const touched = (g.__patchbayKeyTouched ??= new Map<string, number>());

function touchIfDue(row: TLiveKey, awaitIt: boolean): Promise<void> | undefined {
  const now = Date.now();
  const last = Math.max(touched.get(row.id) ?? 0, row.lastUsedAt?.getTime() ?? 0);
  if (now - last <= LAST_USED_GRANULARITY_MS) return;
  touched.set(row.id, now);
  if (touched.size > 10_000) touched.delete(touched.keys().next().value ?? "");
  const write = touchLastUsed(row.id).then(
    () => undefined,
    (err: Error) => log.warn("could not record API key use", { keyId: row.id, error: err.message }),
  );
  return awaitIt ? write : undefined;
}

/**
 * Malformed, unknown, revoked and expired keys all get the same 401: the caller learns nothing about which part
 * was wrong.
 */
export async function authenticateApiKey(key: string): Promise<TAuthContext & { expiresAt: Date | null }> {
  let loaded = false;
  const hash = isWellFormedApiKey(key) ? hashApiKey(key, env().apiKeySecret) : null;
  const row = hash
    ? await keys.get(
        hash,
        () => {
          loaded = true;
          return findLiveKeyByHash(hash);
        },
        (r) => r.id,
      )
    : null;
  if (!row || (row.expiresAt && row.expiresAt <= new Date()))
    throw new AppError("unauthorized", { message: "Invalid API key." });
  await touchIfDue(row, loaded);
  return {
    actor: { kind: "api_key", keyId: row.id, scopes: row.scopes },
    teamId: row.teamId,
    role: null,
    expiresAt: row.expiresAt,
  };
}
