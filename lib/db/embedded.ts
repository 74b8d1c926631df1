// The embedded database: PGlite (Postgres compiled to WASM) served over the real Postgres wire protocol on a
// loopback port, so the app uses the same pg + Prisma adapter path as with an external PostgreSQL.
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export type TEmbeddedDb = { url: string; stop(): Promise<void> };

// Frontend messages that leave an extended-query batch open (Parse, Bind, Describe, Execute, Close, Flush); Sync,
// a simple Query or Terminate end it, and the backend answers ReadyForQuery.
const BATCH_CONTINUES = new Set(["P", "B", "D", "E", "C", "H"].map((c) => c.charCodeAt(0)));
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);

/**
 * pglite-socket runs every connection's protocol messages in PGlite's one session and keeps a connection's messages
 * together only while a transaction is open, asking the database `isInTransaction()` (electric-sql/pglite#1046).
 * An extended-query batch (Parse … Sync) is not a transaction, so concurrent connections' batches interleave: one's
 * Parse replaces another's unnamed statement between its Parse and Bind — "portal does not exist" errors or, when
 * the shapes fit, another query's rows. The server gets this view of the database, which also answers "in a
 * transaction" while a batch is open, so each batch runs to its Sync before another connection's messages.
 */
function batchAtomic(db: PGlite): PGlite {
  let batchOpen = false;
  return new Proxy(db, {
    get(target, prop) {
      if (prop === "isInTransaction") return () => batchOpen || target.isInTransaction();
      if (prop === "execProtocolRawStream") {
        return async (...args: Parameters<PGlite["execProtocolRawStream"]>) => {
          try {
            await target.execProtocolRawStream(...args);
          } finally {
            batchOpen = BATCH_CONTINUES.has(args[0][0] ?? 0);
          }
        };
      }
      if (prop === "exec") {
        // The server's only exec is the ROLLBACK after a client left mid-transaction; one that left mid-batch
        // first needs the batch closed, or the session would ignore everything until a Sync.
        return async (...args: Parameters<PGlite["exec"]>) => {
          if (batchOpen) {
            await target.runExclusive(() => target.execProtocolRaw(SYNC));
            batchOpen = false;
          }
          return target.exec(...args);
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** dataDir undefined → in-memory (tests). */
export async function startEmbeddedDb(dataDir?: string): Promise<TEmbeddedDb> {
  if (dataDir) fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const db = await PGlite.create(dataDir ? { dataDir } : {});
  // Port 0: a fixed port would break a second instance. maxConnections must exceed every pg pool's size.
  const server = new PGLiteSocketServer({
    db: batchAtomic(db),
    host: "127.0.0.1",
    port: 0,
    maxConnections: 100,
  });
  await server.start();
  const hostPort = server.getServerConn(); // "127.0.0.1:<actual port>" once started
  let stopped = false;
  return {
    url: `postgresql://postgres:postgres@${hostPort}/postgres?sslmode=disable`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await db.close();
    },
  };
}
