// For operator commands: the database to work on. PostgreSQL mode: DATABASE_URL. Embedded mode: the data
// directory itself — only while no server holds it (two PGlite instances on the same files would corrupt them).
import path from "node:path";
import { isDataDirInUse } from "@/lib/db/data-dir-lock";
import { startEmbeddedDb, type TEmbeddedDb } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";
import type { TEnv } from "@/lib/env";

export async function openCliDatabase(cfg: TEnv, die: (msg: string) => never): Promise<TEmbeddedDb | null> {
  if (!cfg.embedded) return null;
  const pid = isDataDirInUse(cfg.dataDir);
  if (pid)
    die(
      `The embedded database in ${cfg.dataDir} is in use by the running server (pid ${pid}). Stop it, run this again, then start it.`,
    );
  const embedded = await startEmbeddedDb(path.join(cfg.dataDir, "pglite"));
  await applyMigrations(embedded.url);
  process.env.DATABASE_URL = embedded.url;
  return embedded;
}
