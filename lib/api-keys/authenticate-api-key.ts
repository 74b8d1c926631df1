import { hashApiKey, isWellFormedApiKey } from "@/lib/api-keys/format";
import { findLiveKeyByHash, touchLastUsed } from "@/lib/api-keys/repo";
import type { TAuthContext } from "@/lib/actor";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

const LAST_USED_GRANULARITY_MS = 60_000;

/**
 * Malformed, unknown, revoked and expired keys all get the same 401: the caller learns nothing about which part
 * was wrong.
 */
export async function authenticateApiKey(key: string): Promise<TAuthContext & { expiresAt: Date | null }> {
  const row = isWellFormedApiKey(key) ? await findLiveKeyByHash(hashApiKey(key, env().apiKeySecret)) : null;
  if (!row) throw new AppError("unauthorized", { message: "Invalid API key." });
  // Write at most once a minute per key so hot keys do not turn every read into a write.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
    await touchLastUsed(row.id);
  }
  return {
    actor: { kind: "api_key", keyId: row.id, scopes: row.scopes },
    teamId: row.teamId,
    role: null,
    expiresAt: row.expiresAt,
  };
}
