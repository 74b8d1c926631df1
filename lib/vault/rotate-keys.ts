// Online, resumable key rotation: re-seals every sealed column, and every sealed entry inside a JSON column
// (OAuthApp.settings' secret settings, InboundWebhookSource.secrets' webhook signing secrets), under the active (last) key of the ring, so the
// older keys can then be removed. Safe while the app serves traffic and safe to interrupt:
//  - rows are paged by id (keyset) and only rows NOT under the active key are read, so a restarted run skips
//    what an earlier run finished;
//  - each batch is one short read and one short conditional write, never a transaction around the crypto;
//  - a row is written only if it still holds the ciphertext that was read, so a concurrent writer (a token
//    refresh) is never overwritten — that row is counted as skipped (its writer sealed with the active key);
//  - a row that cannot be opened (unknown key id, tampered, wrong AAD) is reported by table and id, with a
//    reason that never contains plaintext, and the run goes on.
import { env, type TVaultKey } from "@/lib/env";
import { log } from "@/lib/log";
import {
  countByCurrency,
  countJsonByCurrency,
  countJsonStaleByKey,
  countStaleByKey,
  findStaleJsonRows,
  findStaleRows,
  SEALED_COLUMNS,
  SEALED_JSON_FIELDS,
  sealedEntries,
  type TJsonReseal,
  type TReseal,
  writeJsonResealed,
  writeResealed,
} from "@/lib/vault/sealed-columns-repo";
import { aadFor, activeKeyId, open, seal, VaultError } from "@/lib/vault/vault";

export type TRotationFailure = { table: string; id: string; reason: string };

export type TRotateKeysOptions = {
  batchSize?: number;
  /**
   * Called once before the first batch (done = 0) and after each batch is written; the last call has
   * done = total. `total` is the number of rows under older keys when the run started. Throwing stops the run:
   * what was written stays written, and the next run resumes from there.
   */
  onProgress?: (done: number, total: number) => void | Promise<void>;
  /** The key ring, oldest first; defaults to the configured one. */
  keys?: TVaultKey[];
};

export type TRotateKeysResult = {
  activeKeyId: string;
  /** Sealed values (a column of a row, or one sealed entry of a JSON column) under an older key (or not vault
   * ciphertext at all) when the run started. A row counts once per sealed value in it. */
  total: number;
  resealed: number;
  /** Rows already under the active key when the run started. */
  alreadyCurrent: number;
  /** Rows a concurrent writer changed between read and write; left as that writer wrote them. */
  skipped: number;
  failed: TRotationFailure[];
  /** After the run: rows still sealed under each non-active key id ("" = not vault ciphertext). */
  stillSealedUnder: Record<string, number>;
};

/** The JSON value with the re-sealed entries swapped in; everything else (names, ids, dates, order) kept. */
function withResealed(
  value: unknown,
  shape: "object" | "array",
  resealed: Map<string, string>,
): Record<string, unknown> | unknown[] {
  const swap = (entry: unknown, name: string) => {
    const next = resealed.get(name);
    return next === undefined ? entry : { ...(entry as object), sealed: next };
  };
  if (shape === "array")
    return (value as unknown[]).map((e) =>
      e && typeof e === "object" && typeof (e as { id?: unknown }).id === "string"
        ? swap(e, (e as { id: string }).id)
        : e,
    );
  const obj = value as Record<string, unknown>;
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, swap(v, k)]));
}

export async function rotateKeys(options: TRotateKeysOptions = {}): Promise<TRotateKeysResult> {
  const { batchSize = 200, onProgress } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError("batchSize must be a positive integer");
  const keys = options.keys ?? env().vaultKeys;
  const active = activeKeyId(keys);
  const started = Date.now();

  let total = 0;
  let alreadyCurrent = 0;
  for (const column of SEALED_COLUMNS) {
    const counts = await countByCurrency(column, active);
    total += counts.stale;
    alreadyCurrent += counts.current;
  }
  for (const field of SEALED_JSON_FIELDS) {
    const counts = await countJsonByCurrency(field, active);
    total += counts.stale;
    alreadyCurrent += counts.current;
  }

  let done = 0;
  let resealed = 0;
  let skipped = 0;
  const failed: TRotationFailure[] = [];
  await onProgress?.(done, total);

  for (const column of SEALED_COLUMNS) {
    let afterId = "";
    for (;;) {
      const rows = await findStaleRows(column, active, afterId, batchSize);
      if (rows.length === 0) break;
      afterId = rows[rows.length - 1]!.id;
      const reseals: TReseal[] = [];
      for (const row of rows) {
        const aad = aadFor(column.model, row.id, column.field);
        try {
          // The plaintext exists only inside this expression.
          reseals.push({
            id: row.id,
            previous: row.sealed,
            next: seal(open(row.sealed, aad, keys), aad, keys),
          });
        } catch (err) {
          const reason = err instanceof VaultError ? err.message : "could not be re-sealed";
          failed.push({ table: column.model, id: row.id, reason });
        }
      }
      const written = await writeResealed(column, reseals);
      resealed += written.size;
      skipped += reseals.length - written.size;
      done += rows.length;
      await onProgress?.(done, total);
      if (rows.length < batchSize) break;
    }
  }

  for (const field of SEALED_JSON_FIELDS) {
    let afterId = "";
    for (;;) {
      const rows = await findStaleJsonRows(field, active, afterId, batchSize);
      if (rows.length === 0) break;
      afterId = rows[rows.length - 1]!.id;
      const reseals: TJsonReseal[] = [];
      const valuesIn = new Map<string, number>(); // row id → entries re-sealed in it
      for (const row of rows) {
        const resealed = new Map<string, string>(); // entry name → new ciphertext
        let n = 0;
        for (const [name, sealed] of sealedEntries(row.value, field.shape)) {
          if (sealed.startsWith(`pbv1.${active}.`)) continue;
          done += 1;
          const aad = aadFor(field.model, row.id, `${field.fieldPrefix}${name}`);
          try {
            resealed.set(name, seal(open(sealed, aad, keys), aad, keys));
            n += 1;
          } catch (err) {
            // The other entries of the row are still re-sealed; this one stays as it was.
            const reason = err instanceof VaultError ? err.message : "could not be re-sealed";
            failed.push({ table: `${field.model}.${field.column}.${name}`, id: row.id, reason });
          }
        }
        if (n > 0) {
          reseals.push({
            id: row.id,
            previous: row.value,
            next: withResealed(row.value, field.shape, resealed),
          });
          valuesIn.set(row.id, n);
        }
      }
      const written = await writeJsonResealed(field, reseals);
      for (const [id, n] of valuesIn) {
        if (written.has(id)) resealed += n;
        else skipped += n;
      }
      await onProgress?.(done, total);
      if (rows.length < batchSize) break;
    }
  }

  // Rows added or deleted by others meanwhile can leave done ≠ total: the last report always says "finished".
  if (done !== total) await onProgress?.(done, done);

  const stillSealedUnder: Record<string, number> = {};
  const tally = ({ keyId, count }: { keyId: string; count: number }) => {
    stillSealedUnder[keyId] = (stillSealedUnder[keyId] ?? 0) + count;
  };
  for (const column of SEALED_COLUMNS) (await countStaleByKey(column, active)).forEach(tally);
  for (const field of SEALED_JSON_FIELDS) (await countJsonStaleByKey(field, active)).forEach(tally);

  const result = { activeKeyId: active, total, resealed, alreadyCurrent, skipped, failed, stillSealedUnder };
  log.info("vault key rotation finished", {
    activeKeyId: active,
    total,
    resealed,
    alreadyCurrent,
    skipped,
    failed: failed.length,
    stillSealedUnder,
    durationMs: Date.now() - started,
  });
  if (failed.length) {
    log.warn("vault key rotation could not open some rows", {
      rows: failed.slice(0, 50),
      more: Math.max(0, failed.length - 50),
    });
  }
  return result;
}
