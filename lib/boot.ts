// Start-up, run once per server process from instrumentation.ts: validate configuration, then either start the
// embedded database and migrate it, or check that the external database is fully migrated.
import fs from "node:fs";
import path from "node:path";
import { startEmbeddedDb, type TEmbeddedDb } from "@/lib/db/embedded";
import { applyMigrations, pendingMigrations } from "@/lib/db/migrate";
import { disconnectDb } from "@/lib/db";
import { env, EnvError } from "@/lib/env";
import { log } from "@/lib/log";

function fail(message: string): never {
  process.stderr.write(`\nPatchbay cannot start:\n${message}\n\n`);
  process.exit(1);
}

/** One process per data directory: two PGlite instances on the same files would corrupt them. */
function takeDataDirLock(dir: string): () => void {
  const lock = path.join(dir, "pglite.lock");
  fs.mkdirSync(dir, { recursive: true });
  if (fs.existsSync(lock)) {
    const pid = Number(fs.readFileSync(lock, "utf8"));
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = pid !== process.pid;
    } catch {
      alive = false;
    }
    if (alive)
      fail(
        `The embedded database in ${dir} is in use by process ${pid}. Stop it first, or set PATCHBAY_DATA_DIR.`,
      );
  }
  fs.writeFileSync(lock, String(process.pid));
  return () => fs.rmSync(lock, { force: true });
}

export async function boot() {
  let cfg;
  try {
    cfg = env();
  } catch (err) {
    if (err instanceof EnvError) fail(`${err.message}\n\nSee .env.example for every setting.`);
    throw err;
  }

  let embedded: TEmbeddedDb | null = null;
  let releaseLock = () => {};
  if (cfg.embedded) {
    releaseLock = takeDataDirLock(cfg.dataDir);
    const t0 = Date.now();
    embedded = await startEmbeddedDb(path.join(cfg.dataDir, "pglite"));
    const applied = await applyMigrations(embedded.url);
    process.env.DATABASE_URL = embedded.url;
    log.info("embedded database ready", {
      dataDir: cfg.dataDir,
      migrationsApplied: applied.length,
      ms: Date.now() - t0,
    });
  } else {
    const pending = await pendingMigrations(cfg.databaseUrl!).catch((err: Error) =>
      fail(`Cannot reach the database in DATABASE_URL: ${err.message}`),
    );
    if (pending.length) {
      fail(
        `The database has ${pending.length} pending migration(s): ${pending.join(", ")}.\nRun: npm run db:migrate`,
      );
    }
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down", { signal });
    void (async () => {
      await disconnectDb().catch(() => undefined);
      // Closing PGlite flushes it; killing it mid-write risks the data and makes sequences jump.
      await embedded?.stop().catch(() => undefined);
      releaseLock();
      process.exit(signal === "SIGINT" ? 130 : 143);
    })();
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}
