// npm run db:restore -- <backup.pbk> [--replace]
// Embedded mode: restores a `npm run db:backup` file into PATCHBAY_DATA_DIR (the server must be stopped). An
// existing database there is refused, or with --replace moved aside to <dir>/pglite.before-restore-<time> (with
// its secrets.json). The next `npm start` runs migrations forward if the backup is older than this build, and
// refuses to start if it is newer. PostgreSQL mode: use pg_restore.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { parseBackup } from "@/lib/db/backup";
import { takeDataDirLock } from "@/lib/db/data-dir-lock";
import { env } from "@/lib/env";

const { values, positionals } = parseArgs({
  options: { replace: { type: "boolean", default: false } },
  allowPositionals: true,
});

function die(msg: string): never {
  console.error(msg);
  process.exit(1);
}

const cfg = env();
if (!cfg.embedded)
  die(
    'DATABASE_URL is set: restore PostgreSQL with its own tools, e.g.\n  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" patchbay.dump',
  );
const file = positionals[0];
if (!file) die("Usage: npm run db:restore -- <backup file> [--replace]");
const { header, tar } = parseBackup(fs.readFileSync(file));

const lock = takeDataDirLock(cfg.dataDir);
if ("heldBy" in lock)
  die(`The data directory ${cfg.dataDir} is in use by process ${lock.heldBy}: stop the server first.`);
try {
  const pgdata = path.join(cfg.dataDir, "pglite");
  const secretsFile = path.join(cfg.dataDir, "secrets.json");
  if (fs.existsSync(pgdata)) {
    if (!values.replace) die(`${pgdata} already holds a database; pass --replace to move it aside first.`);
    const aside = `${pgdata}.before-restore-${new Date().toISOString().replace(/[:.]/g, "-")}`;
    fs.renameSync(pgdata, aside);
    if (fs.existsSync(secretsFile)) fs.renameSync(secretsFile, `${aside}.secrets.json`);
    console.log(`Moved the existing database aside to ${aside}`);
  }
  const db = await PGlite.create({ dataDir: pgdata, loadDataDir: new Blob([new Uint8Array(tar)]) });
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "_prisma_migrations"`);
  await db.close();
  if (header.secrets) fs.writeFileSync(secretsFile, JSON.stringify(header.secrets, null, 2), { mode: 0o600 });
  console.log(
    `Restored the backup of ${header.createdAt} into ${cfg.dataDir} (${rows[0]?.n ?? 0} migrations applied in it, ` +
      `latest ${header.migrations.at(-1) ?? "none"}${header.secrets ? "; secrets.json restored" : ""}).`,
  );
} finally {
  lock.release();
}
