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
import { startRefreshScheduler, stopRefreshScheduler } from "@/lib/jobs/refresh-scheduler";
import { EVENT_JOBS } from "@/lib/events/jobs";
import { startWorkers, stopQueue } from "@/lib/queue/queue";

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

  startRefreshScheduler(cfg.refresh);
  // Outbound event delivery (h/events). At the merge this becomes part of startWorkers(ALL_JOBS) from lib/jobs.
  await startWorkers(EVENT_JOBS).catch((err: Error) =>
    log.error("job workers did not start; outbound events wait in the queue", { error: err.message }),
  );

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down", { signal });
    void (async () => {
      stopRefreshScheduler();
      await stopQueue(5_000).catch(() => undefined);
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
