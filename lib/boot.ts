// Start-up, run once per server process from instrumentation.ts: validate configuration, then either start the
// embedded database and migrate it, or check that the external database is fully migrated.
import path from "node:path";
import { takeDataDirLock } from "@/lib/db/data-dir-lock";
import { startEmbeddedDb, type TEmbeddedDb } from "@/lib/db/embedded";
import { applyMigrations, pendingMigrations } from "@/lib/db/migrate";
import { disconnectDb } from "@/lib/db";
import { env, EnvError } from "@/lib/env";
import { log } from "@/lib/log";
import { startSandbox, stopSandbox } from "@/lib/sandbox/sandbox-issuer";
import { startInvalidationListener, stopInvalidationListener } from "@/lib/cache-bus/bus";
import { startUsageFlusher, stopUsageFlusher } from "@/lib/usage/record-proxy-usage";
import { startJobs, stopJobs } from "@/lib/jobs/start-jobs";

function fail(message: string): never {
  process.stderr.write(`\nPatchbay cannot start:\n${message}\n\n`);
  process.exit(1);
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
    const lock = takeDataDirLock(cfg.dataDir);
    if ("heldBy" in lock) {
      fail(
        `The embedded database in ${cfg.dataDir} is in use by process ${lock.heldBy}. Stop it first, or set PATCHBAY_DATA_DIR.`,
      );
    }
    releaseLock = lock.release;
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

  await startSandbox().catch((err: Error) =>
    log.warn("sandbox OAuth provider did not start; the Sandbox connector is unavailable", {
      error: err.message,
    }),
  );

  // Without workers the app still serves requests; background duties wait for an instance that works them.
  await startJobs().catch((err: Error) =>
    log.error("job workers did not start; background duties are not running here", { error: err.message }),
  );
  // Cross-instance cache invalidation (API keys, team limits; embedded mode is one process: in-process suffices)
  // and the usage aggregate's periodic flush.
  if (!cfg.embedded) await startInvalidationListener();
  startUsageFlusher();

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down", { signal });
    void (async () => {
      // Stop taking jobs and let running handlers finish (bounded) while the database is still up.
      await stopJobs(10_000).catch(() => undefined);
      await stopUsageFlusher().catch(() => undefined); // before the pool closes: the last few seconds of usage
      await stopInvalidationListener();
      await stopSandbox().catch(() => undefined);
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
