// npm run db:backup -- [--out patchbay-backup.pbk]
// Embedded mode: a consistent backup of the database and its generated secrets, taken from the running server
// (over its control socket) or, when none runs, from the data directory itself. PostgreSQL mode: use pg_dump.
// The file holds the vault's keys: store it like a secret (it is written readable by you only).
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { dumpEmbedded, parseBackup, requestBackup } from "@/lib/db/backup";
import { isDataDirInUse, takeDataDirLock } from "@/lib/db/data-dir-lock";
import { env } from "@/lib/env";

const { values } = parseArgs({ options: { out: { type: "string" } } });

function die(msg: string): never {
  console.error(msg);
  process.exit(1);
}

const cfg = env();
if (!cfg.embedded) {
  die(
    "DATABASE_URL is set: back up PostgreSQL with its own tools, e.g.\n" +
      '  pg_dump --format=custom --file=patchbay.dump "$DATABASE_URL"\n' +
      "and keep NEXTAUTH_SECRET, PATCHBAY_API_KEY_SECRET and PATCHBAY_VAULT_KEYS with it (the vault cannot be opened without them).",
  );
}
const out = path.resolve(
  values.out ?? `patchbay-backup-${new Date().toISOString().replace(/[:.]/g, "-")}.pbk`,
);
if (fs.existsSync(out)) die(`${out} exists; choose another --out.`);

let bytes: Buffer;
let source: string;
if (isDataDirInUse(cfg.dataDir)) {
  bytes = await requestBackup(cfg.dataDir).catch((err: Error) =>
    die(`The server using ${cfg.dataDir} did not hand out a backup: ${err.message}`),
  );
  source = "the running server";
} else {
  const pgdata = path.join(cfg.dataDir, "pglite");
  if (!fs.existsSync(path.join(pgdata, "PG_VERSION"))) die(`No embedded database in ${cfg.dataDir}.`);
  const lock = takeDataDirLock(cfg.dataDir);
  if ("heldBy" in lock) die(`The data directory is in use by process ${lock.heldBy}; run this again.`);
  try {
    const db = await PGlite.create({ dataDir: pgdata });
    bytes = await dumpEmbedded(db, cfg.dataDir);
    await db.close();
  } finally {
    lock.release();
  }
  source = "the data directory (no server running)";
}
const { header } = parseBackup(bytes);
fs.writeFileSync(out, bytes, { mode: 0o600 });
console.log(
  `Backed up ${cfg.dataDir} from ${source} to ${out} (${(bytes.length / 1024).toFixed(0)} KiB, ` +
    `${header.migrations.length} migrations, latest ${header.migrations.at(-1) ?? "none"}).`,
);
