// The embedded database: PGlite (Postgres compiled to WASM) served over the real Postgres wire protocol on a
// loopback port, so the app uses the same pg + Prisma adapter path as with an external PostgreSQL.
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { embeddedSharedBuffers } from "@/lib/env";

export type TEmbeddedDb = {
  url: string;
  /** The PGlite instance itself, for a physical backup (lib/db/backup.ts); queries go through url. */
  pglite: PGlite;
  stop(): Promise<void>;
};

// pglite-socket 0.2 has no authentication: PGlite answers AuthenticationOk to any user and password, so any local
// process (another user's too) that finds the loopback port could read every sealed-secret row and the data. The
// least-bad fix without patching it: PGlite listens only on a Unix socket inside a fresh 0700 directory (file
// permissions keep other users out), and the TCP port the app uses is a small shim that demands a password
// generated at each start (cleartext password auth, acceptable on loopback), compares it in constant time, and only
// then replays the client's startup message to PGlite and pipes the two sockets together.
const SSL_REQUEST = 80877103;
const PROTOCOL_3 = 196608;

function authError(socket: net.Socket, message: string) {
  const fields = Buffer.concat([
    Buffer.from("SFATAL\0C28P01\0M", "utf8"),
    Buffer.from(message, "utf8"),
    Buffer.from("\0\0", "utf8"),
  ]);
  const head = Buffer.alloc(5);
  head.write("E", 0);
  head.writeInt32BE(fields.length + 4, 1);
  socket.end(Buffer.concat([head, fields]));
}

function passwordEquals(given: string, expected: string) {
  const a = crypto.createHash("sha256").update(given).digest();
  const b = crypto.createHash("sha256").update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

/** The authenticating front door: loopback TCP → password check → PGlite's private Unix socket. */
function startAuthShim(socketPath: string, password: string): Promise<net.Server> {
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    open.add(client);
    client.on("close", () => open.delete(client));
    let buf = Buffer.alloc(0);
    let startup: Buffer | null = null;
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        if (!startup) {
          if (buf.length < 8) return;
          const len = buf.readInt32BE(0);
          const code = buf.readInt32BE(4);
          if (len === 8 && code === SSL_REQUEST) {
            buf = buf.subarray(8);
            client.write("N"); // no TLS on loopback; the client goes on in plaintext
            continue;
          }
          if (code !== PROTOCOL_3 || len < 8 || len > 10_000) return authError(client, "unsupported startup");
          if (buf.length < len) return;
          startup = Buffer.from(buf.subarray(0, len));
          buf = buf.subarray(len);
          const ask = Buffer.alloc(9);
          ask.write("R", 0);
          ask.writeInt32BE(8, 1);
          ask.writeInt32BE(3, 5); // AuthenticationCleartextPassword
          client.write(ask);
          continue;
        }
        if (buf.length < 5) return;
        const len = buf.readInt32BE(1);
        if (buf[0] !== 0x70 /* p */ || len < 5 || len > 1_000) return authError(client, "password required");
        if (buf.length < len + 1) return;
        const given = buf
          .subarray(5, len + 1)
          .toString("utf8")
          .replace(/\0$/, "");
        const rest = buf.subarray(len + 1);
        client.off("data", onData);
        if (!passwordEquals(given, password)) return authError(client, "password authentication failed");
        const upstream = net.connect(socketPath);
        open.add(upstream);
        upstream.on("close", () => open.delete(upstream));
        upstream.on("connect", () => {
          upstream.write(startup!);
          if (rest.length) upstream.write(rest);
          client.pipe(upstream);
          upstream.pipe(client);
        });
        upstream.on("error", () => client.destroy());
        client.on("error", () => upstream.destroy());
        client.on("close", () => upstream.destroy());
        upstream.on("close", () => client.destroy());
        return;
      }
    };
    client.on("data", onData);
    client.on("error", () => client.destroy());
  });
  // close() waits for open connections: stopping ends them (the pools are closed by then anyway).
  server.on("close", () => open.forEach((s) => s.destroy()));
  const close = server.close.bind(server);
  server.close = (cb) => {
    open.forEach((s) => s.destroy());
    return close(cb);
  };
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

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
  // shared_buffers set when the database starts (Postgres reads it only then), for a data directory made by any
  // earlier version too
  const postgresqlconf = [`shared_buffers=${embeddedSharedBuffers()}`];
  const db = await PGlite.create(dataDir ? { dataDir, postgresqlconf } : { postgresqlconf });
  // PGlite itself listens on a Unix socket in a private directory; maxConnections must exceed every pg pool's size.
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), "patchbay-pg-"));
  fs.chmodSync(socketDir, 0o700);
  const socketPath = path.join(socketDir, ".s.PGSQL.5432");
  const server = new PGLiteSocketServer({ db: batchAtomic(db), path: socketPath, maxConnections: 100 });
  await server.start();
  // The app's door: loopback, port 0 (a fixed port would break a second instance), a password made now.
  const password = crypto.randomBytes(24).toString("base64url");
  const shim = await startAuthShim(socketPath, password);
  const { port } = shim.address() as net.AddressInfo;
  let stopped = false;
  return {
    url: `postgresql://postgres:${password}@127.0.0.1:${port}/postgres?sslmode=disable`,
    pglite: db,
    async stop() {
      if (stopped) return;
      stopped = true;
      await new Promise<void>((resolve) => shim.close(() => resolve()));
      await server.stop();
      await db.close();
      fs.rmSync(socketDir, { recursive: true, force: true });
    },
  };
}
