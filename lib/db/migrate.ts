// Applies prisma/migrations/*/migration.sql in order and records them in Prisma's own `_prisma_migrations`
// table, so `prisma migrate status/diff` agree with what the app did. One path for the embedded database,
// `npm run db:migrate` and the test harness.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

export type TMigrationFile = { name: string; sql: string; checksum: string };

export function migrationsDir() {
  return path.join(/*turbopackIgnore: true*/ process.cwd(), "prisma", "migrations");
}

export function readMigrations(dir = migrationsDir()): TMigrationFile[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") };
    });
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

async function appliedNames(client: pg.ClientBase): Promise<Set<string>> {
  const exists = await client.query<{ t: string | null }>(
    `SELECT to_regclass('"_prisma_migrations"')::text AS t`,
  );
  if (!exists.rows[0]?.t) return new Set();
  const rows = await client.query<{ migration_name: string }>(
    `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  return new Set(rows.rows.map((r) => r.migration_name));
}

export async function pendingMigrations(connectionString: string): Promise<string[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const applied = await appliedNames(client);
    return readMigrations()
      .map((m) => m.name)
      .filter((n) => !applied.has(n));
  } finally {
    await client.end();
  }
}

export type TSchemaCheck = { pending: string[]; unknown: string[]; latestKnown: string | null };

/** Pending migrations, and applied ones this build does not know (a newer build migrated the database). */
export async function checkSchema(connectionString: string): Promise<TSchemaCheck> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const applied = await appliedNames(client);
    const known = readMigrations().map((m) => m.name);
    const knownSet = new Set(known);
    return {
      pending: known.filter((n) => !applied.has(n)),
      unknown: [...applied].filter((n) => !knownSet.has(n)).sort(),
      latestKnown: known.at(-1) ?? null,
    };
  } finally {
    await client.end();
  }
}

/** Why this build must not run on (or migrate) the database, or null. */
export function newerSchemaProblem(check: TSchemaCheck): string | null {
  if (check.unknown.length === 0) return null;
  return (
    `The database was migrated by a newer Patchbay build: ${check.unknown.length} applied migration(s) are unknown ` +
    `to this build (${check.unknown.join(", ")}); this build's latest is ${check.latestKnown ?? "none"}.\n` +
    `Run the newer build (downgrades are not supported), or restore the backup taken before the upgrade.`
  );
}

/** Applies every pending migration, each in its own transaction. Returns the names applied. */
export async function applyMigrations(connectionString: string): Promise<string[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  const done: string[] = [];
  try {
    await client.query(CREATE_TABLE);
    // An older build must not add its migrations under a newer one's (nor start on its schema: lib/boot).
    const known = new Set(readMigrations().map((m) => m.name));
    const unknown = [...(await appliedNames(client))].filter((n) => !known.has(n)).sort();
    const problem = newerSchemaProblem({
      pending: [],
      unknown,
      latestKnown: [...known].sort().at(-1) ?? null,
    });
    if (problem) throw new Error(problem);
    for (const m of readMigrations()) {
      await client.query("BEGIN");
      try {
        // Transaction-scoped: two instances starting together apply each migration once.
        await client.query("SELECT pg_advisory_xact_lock(727274)");
        const applied = await appliedNames(client);
        if (applied.has(m.name)) {
          await client.query("COMMIT");
          continue;
        }
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
           VALUES ($1, $2, now(), $3, 1)`,
          [crypto.randomUUID(), m.checksum, m.name],
        );
        await client.query("COMMIT");
        done.push(m.name);
      } catch (err) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${m.name} failed: ${(err as Error).message}`);
      }
    }
    return done;
  } finally {
    await client.end();
  }
}
