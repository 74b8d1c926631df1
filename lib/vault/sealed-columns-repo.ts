// The only place key rotation touches Prisma. Rotation is instance-wide maintenance (every team's rows are
// re-sealed), so unlike feature repos these functions take no tenant scope; they return ciphertext only, never
// plaintext, and never hold a transaction: each read and each write is one short statement, so in embedded mode
// (one PGlite session for everyone) the app keeps serving between batches.
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";

/** Every vault-sealed column; `model` and `field` make its AAD ("<model>:<row id>:<field>"). Sealed values inside
 * JSON columns are listed in SEALED_JSON_FIELDS below; a new sealed value must be added to one of the two lists
 * (test/integration/key-rotation.int.test.ts checks every kind the code seals). */
export const SEALED_COLUMNS = [
  { model: "Connection", column: "credentialsSealed", field: "credentials" },
  { model: "OAuthApp", column: "clientSecretSealed", field: "clientSecret" },
  { model: "OAuthGrant", column: "codeVerifierSealed", field: "codeVerifier" },
  // Outbound webhook endpoints' signing secrets: the current one and the one still signing in its overlap window.
  { model: "WebhookEndpoint", column: "secretSealed", field: "secret" },
  { model: "WebhookEndpoint", column: "previousSecretSealed", field: "previousSecret" },
  // A provider's parked verification token (Notion), until an admin trusts it.
  { model: "InboundWebhookSource", column: "pendingTokenSealed", field: "pendingToken" },
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
  return swapWhereUnchanged(table, column, values);
}

/** One UPDATE for a batch: each row gets `next` only where the column still holds `previous`; the ids written. */
async function swapWhereUnchanged(
  table: Prisma.Sql,
  column: Prisma.Sql,
  values: Prisma.Sql,
): Promise<Set<string>> {
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

/**
 * Vault values inside a JSON column. object: OAuthApp.settings maps a setting name to a plain string, or — for
 * secret settings such as Google Ads' developer token — to `{ "sealed": "<vault ciphertext>" }` with the AAD
 * "OAuthApp:<id>:setting:<name>". array: InboundWebhookSource.secrets is a list of `{ id, sealed, createdAt }`
 * (the inbound signing secrets of an app endpoint, and the per-connection secrets automatic registration made),
 * AAD "InboundWebhookSource:<id>:secret:<entry id>". Rotation re-seals every such entry.
 */
export const SEALED_JSON_FIELDS = [
  { model: "OAuthApp", column: "settings", fieldPrefix: "setting:", shape: "object" },
  { model: "InboundWebhookSource", column: "secrets", fieldPrefix: "secret:", shape: "array" },
] as const;
export type TSealedJsonField = (typeof SEALED_JSON_FIELDS)[number];

export type TSealedJsonRow = { id: string; value: unknown };
export type TJsonReseal = { id: string; previous: unknown; next: Record<string, unknown> | unknown[] };

const jsonIdent = (c: TSealedJsonField) => ({
  table: Prisma.raw(`"${c.model}"`),
  column: Prisma.raw(`"${c.column}"`),
  // The JSON values that may hold `{ sealed }`: an object's values, or an array's elements (never both).
  elements:
    c.shape === "array"
      ? Prisma.raw(
          `jsonb_array_elements(CASE WHEN jsonb_typeof(t."${c.column}") = 'array' THEN t."${c.column}" ELSE '[]'::jsonb END) AS e(value)`,
        )
      : Prisma.raw(
          `jsonb_each(CASE WHEN jsonb_typeof(t."${c.column}") = 'object' THEN t."${c.column}" ELSE '{}'::jsonb END) AS e`,
        ),
});

/**
 * The sealed entries of one JSON value: name (object key, or the entry's `id` in an array) → ciphertext. Entries
 * that are not `{sealed: string}` (with a string `id`, in an array) are left out.
 */
export function sealedEntries(value: unknown, shape: "object" | "array" = "object"): [string, string][] {
  if (shape === "array") {
    if (!Array.isArray(value)) return [];
    return value.flatMap((v: unknown) =>
      v &&
      typeof v === "object" &&
      typeof (v as { id?: unknown }).id === "string" &&
      typeof (v as { sealed?: unknown }).sealed === "string"
        ? [[(v as { id: string }).id, (v as { sealed: string }).sealed] as [string, string]]
        : [],
    );
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([name, v]) =>
    v && typeof v === "object" && typeof (v as { sealed?: unknown }).sealed === "string"
      ? [[name, (v as { sealed: string }).sealed] as [string, string]]
      : [],
  );
}

/** Sealed entries under the active key and under any other key, counted per entry (not per row). */
export async function countJsonByCurrency(c: TSealedJsonField, activeKeyId: string) {
  const { table, elements } = jsonIdent(c);
  const [row] = await db.$queryRaw<{ current: bigint; stale: bigint }[]>`
    SELECT count(*) FILTER (WHERE starts_with(e.value->>'sealed', ${prefixOf(activeKeyId)})) AS current,
           count(*) FILTER (WHERE NOT starts_with(e.value->>'sealed', ${prefixOf(activeKeyId)})) AS stale
    FROM ${table} AS t, ${elements}
    WHERE jsonb_typeof(e.value) = 'object' AND jsonb_typeof(e.value->'sealed') = 'string'`;
  return { current: Number(row?.current ?? 0), stale: Number(row?.stale ?? 0) };
}

/** The next page of rows with at least one sealed entry not under the active key (keyset pagination by id). */
export function findStaleJsonRows(
  c: TSealedJsonField,
  activeKeyId: string,
  afterId: string,
  limit: number,
): Promise<TSealedJsonRow[]> {
  const { table, column, elements } = jsonIdent(c);
  return db.$queryRaw<TSealedJsonRow[]>`
    SELECT t.id, t.${column} AS value FROM ${table} AS t
    WHERE t.id > ${afterId} AND EXISTS (
      SELECT 1 FROM ${elements}
      WHERE jsonb_typeof(e.value) = 'object' AND jsonb_typeof(e.value->'sealed') = 'string'
        AND NOT starts_with(e.value->>'sealed', ${prefixOf(activeKeyId)}))
    ORDER BY t.id LIMIT ${limit}`;
}

/** Like writeResealed: a row is written only if its JSON value is still the one that was read. */
export async function writeJsonResealed(c: TSealedJsonField, rows: TJsonReseal[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const { table, column } = jsonIdent(c);
  const values = Prisma.join(
    rows.map(
      (r) =>
        Prisma.sql`(${r.id}::text, ${JSON.stringify(r.previous)}::jsonb, ${JSON.stringify(r.next)}::jsonb)`,
    ),
  );
  return swapWhereUnchanged(table, column, values);
}

/** Sealed entries per key other than the active one ("" = a `sealed` value that is not vault ciphertext). */
export async function countJsonStaleByKey(c: TSealedJsonField, activeKeyId: string) {
  const { table, elements } = jsonIdent(c);
  const rows = await db.$queryRaw<{ kid: string; n: bigint }[]>`
    SELECT CASE WHEN split_part(e.value->>'sealed', '.', 1) = 'pbv1' THEN split_part(e.value->>'sealed', '.', 2) ELSE '' END AS kid,
           count(*) AS n
    FROM ${table} AS t, ${elements}
    WHERE jsonb_typeof(e.value) = 'object' AND jsonb_typeof(e.value->'sealed') = 'string'
      AND NOT starts_with(e.value->>'sealed', ${prefixOf(activeKeyId)})
    GROUP BY 1`;
  return rows.map((r) => ({ keyId: r.kid, count: Number(r.n) }));
}
