// The embedded database: PGlite (Postgres compiled to WASM) served over the real Postgres wire protocol on a
// loopback port, so the app uses the same pg + Prisma adapter path as with an external PostgreSQL.
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export type TEmbeddedDb = { url: string; stop(): Promise<void> };

/** dataDir undefined → in-memory (tests). */
export async function startEmbeddedDb(dataDir?: string): Promise<TEmbeddedDb> {
  if (dataDir) fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const db = await PGlite.create(dataDir ? { dataDir } : {});
  // Port 0: a fixed port would break a second instance. maxConnections must exceed every pg pool's size.
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 100 });
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
