// The only place key rotation touches Prisma. Rotation is instance-wide maintenance (every team's rows are
// re-sealed), so unlike feature repos these functions take no tenant scope; they return ciphertext only, never
// plaintext, and never hold a transaction: each read and each write is one short statement, so in embedded mode
// (one PGlite session for everyone) the app keeps serving between batches.
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";

/** Every vault-sealed column; `model` and `field` make its AAD ("<model>:<row id>:<field>"). */
export const SEALED_COLUMNS = [
  { model: "Connection", column: "credentialsSealed", field: "credentials" },
  { model: "OAuthApp", column: "clientSecretSealed", field: "clientSecret" },
  { model: "OAuthGrant", column: "codeVerifierSealed", field: "codeVerifier" },
] as const;
export type TSealedColumn = (typeof SEALED_COLUMNS)[number];

export type TSealedRow = { id: string; sealed: string };
export type TReseal = { id: string; previous: string; next: string };

// Identifiers come from SEALED_COLUMNS only, never from input.
const ident = (c: TSealedColumn) => ({
  table: Prisma.raw(`"${c.model}"`),
  column: Prisma.raw(`"${c.column}"`),
});

// starts_with, not LIKE: a key id may contain "_", which LIKE would treat as a wildcard.
const prefixOf = (activeKeyId: string) => `pbv1.${activeKeyId}.`;

/** Rows sealed under the active key and rows sealed under any other key (or not sealed by the vault at all). */
export async function countByCurrency(c: TSealedColumn, activeKeyId: string) {
  const { table, column } = ident(c);
  const [row] = await db.$queryRaw<{ current: bigint; stale: bigint }[]>`
    SELECT count(*) FILTER (WHERE starts_with(${column}, ${prefixOf(activeKeyId)})) AS current,
           count(*) FILTER (WHERE NOT starts_with(${column}, ${prefixOf(activeKeyId)})) AS stale
    FROM ${table} WHERE ${column} IS NOT NULL`;
  return { current: Number(row?.current ?? 0), stale: Number(row?.stale ?? 0) };
}

/**
 * The next page of rows not sealed under the active key, after `afterId` in id order (keyset pagination: a
 * restarted rotation skips what is already done because those rows no longer match).
 */
export function findStaleRows(
  c: TSealedColumn,
  activeKeyId: string,
  afterId: string,
  limit: number,
): Promise<TSealedRow[]> {
  const { table, column } = ident(c);
  return db.$queryRaw<TSealedRow[]>`
    SELECT id, ${column} AS sealed FROM ${table}
    WHERE id > ${afterId} AND ${column} IS NOT NULL AND NOT starts_with(${column}, ${prefixOf(activeKeyId)})
    ORDER BY id LIMIT ${limit}`;
}

/**
 * One statement per batch. A row is written only if it still holds the ciphertext that was read: a concurrent
 * writer (a token refresh that re-sealed meanwhile) always wins. Returns the ids that were written.
 * `updatedAt` is left alone on purpose: the sealed value means the same thing as before.
 */
export async function writeResealed(c: TSealedColumn, rows: TReseal[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const { table, column } = ident(c);
  const values = Prisma.join(
    rows.map((r) => Prisma.sql`(${r.id}::text, ${r.previous}::text, ${r.next}::text)`),
  );
  const written = await db.$queryRaw<{ id: string }[]>`
    UPDATE ${table} AS t SET ${column} = v.next
    FROM (VALUES ${values}) AS v(id, previous, next)
    WHERE t.id = v.id AND t.${column} = v.previous
    RETURNING t.id`;
  return new Set(written.map((w) => w.id));
}

/**
 * How many rows each key other than the active one still seals ("" = not a vault ciphertext). Empty: the old
 * keys can be retired.
 */
export async function countStaleByKey(c: TSealedColumn, activeKeyId: string) {
  const { table, column } = ident(c);
  const rows = await db.$queryRaw<{ kid: string; n: bigint }[]>`
    SELECT CASE WHEN split_part(${column}, '.', 1) = 'pbv1' THEN split_part(${column}, '.', 2) ELSE '' END AS kid,
           count(*) AS n
    FROM ${table}
    WHERE ${column} IS NOT NULL AND NOT starts_with(${column}, ${prefixOf(activeKeyId)})
    GROUP BY 1`;
  return rows.map((r) => ({ keyId: r.kid, count: Number(r.n) }));
}
