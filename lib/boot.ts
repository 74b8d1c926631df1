// Start-up, run once per server process from instrumentation.ts: validate configuration, then either start the
// embedded database and migrate it, or check that the external database is fully migrated.
import path from "node:path";
import { takeDataDirLock } from "@/lib/db/data-dir-lock";
import { startEmbeddedDb, type TEmbeddedDb } from "@/lib/db/embedded";
import { applyMigrations, checkSchema, newerSchemaProblem } from "@/lib/db/migrate";
import { dumpEmbedded, startControlSocket } from "@/lib/db/backup";
import { disconnectDb } from "@/lib/db";
import { env, EnvError, proxyListenerEnv } from "@/lib/env";
import { startListener } from "@/lib/listener/listener";
import { log } from "@/lib/log";
import { startSandbox, stopSandbox } from "@/lib/sandbox/sandbox-issuer";
import { startInvalidationListener, stopInvalidationListener } from "@/lib/cache-bus/bus";
import { startUsageFlusher, stopUsageFlusher } from "@/lib/usage/record-proxy-usage";
import { startJobs, stopJobs } from "@/lib/jobs/start-jobs";
import { drainServers } from "@/lib/http/server-drain";
import { startDraining } from "@/lib/health/lifecycle";
import { releaseHeldRefreshLeases } from "@/lib/connections/refresh-connection";
import { startTracing, stopTracing } from "@/lib/telemetry/tracing";

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
  if (await startTracing())
    log.info("tracing on: OTLP/HTTP export", { service: process.env.OTEL_SERVICE_NAME ?? "patchbay" });

  let embedded: TEmbeddedDb | null = null;
  let releaseLock = () => {};
  let stopControl = async () => {};
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
    const problem = newerSchemaProblem(await checkSchema(embedded.url));
    if (problem) {
      await embedded.stop();
      releaseLock();
      fail(problem);
    }
    const applied = await applyMigrations(embedded.url);
    process.env.DATABASE_URL = embedded.url;
    const db = embedded;
    stopControl = await startControlSocket(
      cfg.dataDir,
      () => dumpEmbedded(db.pglite, cfg.dataDir),
      (err) => log.error("backup failed", { error: err.message }),
    ).catch((err: Error) => {
      log.warn("no control socket: `npm run db:backup` works only while the server is stopped", {
        error: err.message,
      });
      return async () => {};
    });
    log.info("embedded database ready", {
      dataDir: cfg.dataDir,
      migrationsApplied: applied.length,
      ms: Date.now() - t0,
    });
  } else {
    const check = await checkSchema(cfg.databaseUrl!).catch((err: Error) =>
      fail(`Cannot reach the database in DATABASE_URL: ${err.message}`),
    );
    const problem = newerSchemaProblem(check);
    if (problem) fail(problem);
    const pending = check.pending;
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

  // The dedicated listener for the proxy and inbound webhooks (lib/listener), when PATCHBAY_PROXY_PORT is set.
  const proxyListen = proxyListenerEnv();
  if (proxyListen) {
    const listener = await startListener(proxyListen.port, proxyListen.host).catch((err: Error) =>
      fail(`The proxy listener cannot listen on ${proxyListen.host}:${proxyListen.port}: ${err.message}`),
    );
    log.info("proxy listener ready", { host: proxyListen.host, port: listener.port });
  }

  // Graceful shutdown, in this order: out of rotation (readiness 503), stop accepting connections (a balancer
  // retries refused ones elsewhere), let accepted requests finish — proxied streams included — and running jobs
  // finish, within PATCHBAY_SHUTDOWN_GRACE_MS; give back refresh leases still held (cut-off refreshes), then close
  // the database. A second signal does not cut the drain short; the grace period bounds it.
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    startDraining();
    const grace = cfg.shutdownGraceMs;
    log.info("shutting down: draining", { signal, graceMs: grace });
    void (async () => {
      const [http] = await Promise.all([
        drainServers(grace),
        // Stop taking jobs and let running handlers finish (bounded) while the database is still up.
        stopJobs(Math.max(1_000, grace)).catch(() => undefined),
      ]);
      const released = await releaseHeldRefreshLeases().catch(() => 0);
      log.info("drained", { ...http, leasesReleased: released });
      await stopUsageFlusher().catch(() => undefined); // before the pool closes: the last few seconds of usage
      await stopInvalidationListener();
      await stopSandbox().catch(() => undefined);
      await stopTracing().catch(() => undefined);
      await disconnectDb().catch(() => undefined);
      await stopControl().catch(() => undefined);
      // Closing PGlite flushes it; killing it mid-write risks the data and makes sequences jump.
      await embedded?.stop().catch(() => undefined);
      releaseLock();
      process.exit(signal === "SIGINT" ? 130 : 143);
    })();
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}
