// Backups of the embedded database: a physical, consistent copy of PGlite's data directory (its own
// dumpDataDir: taken under PGlite's query lock after a CHECKPOINT, restored by ordinary crash recovery, so a
// transaction in progress is simply not in it) plus the generated secrets.json — without it the vault's sealed
// tokens could not be opened. The file: one JSON header line, then the gzipped tar of the data directory.
//
// While the server runs it owns the data directory (one process per PGlite), so `npm run db:backup` asks it over
// a control socket in the data directory (a Unix socket: only the owner of the directory can reach it).
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";

export const BACKUP_FORMAT = "patchbay-embedded-backup";

export type TBackupHeader = {
  format: typeof BACKUP_FORMAT;
  version: 1;
  createdAt: string;
  /** Applied migrations, oldest first: a restore into an older build is refused at start-up. */
  migrations: string[];
  secrets: unknown;
};

export const controlSocketPath = (dataDir: string) => path.join(path.resolve(dataDir), "control.sock");

/** The backup bytes of an open PGlite: header line + tar.gz of its data directory. */
export async function dumpEmbedded(db: PGlite, dataDir: string): Promise<Buffer> {
  await db.exec("CHECKPOINT");
  const applied = await db
    .query<{ migration_name: string }>(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
    )
    .catch(() => ({ rows: [] as { migration_name: string }[] }));
  const tar = Buffer.from(await (await db.dumpDataDir("gzip")).arrayBuffer());
  const secretsFile = path.join(dataDir, "secrets.json");
  const header: TBackupHeader = {
    format: BACKUP_FORMAT,
    version: 1,
    createdAt: new Date().toISOString(),
    migrations: applied.rows.map((r) => r.migration_name),
    secrets: fs.existsSync(secretsFile)
      ? (JSON.parse(fs.readFileSync(secretsFile, "utf8")) as unknown)
      : null,
  };
  return Buffer.concat([Buffer.from(JSON.stringify(header) + "\n", "utf8"), tar]);
}

export function parseBackup(bytes: Buffer): { header: TBackupHeader; tar: Buffer } {
  const nl = bytes.indexOf(0x0a);
  if (nl < 0 || nl > 1_000_000) throw new Error("not a Patchbay backup (no header line)");
  const header = JSON.parse(bytes.subarray(0, nl).toString("utf8")) as TBackupHeader;
  if (header.format !== BACKUP_FORMAT || header.version !== 1)
    throw new Error(`not a Patchbay embedded backup (format ${String(header.format)})`);
  return { header, tar: bytes.subarray(nl + 1) };
}

/**
 * The running server's side: answers "backup\n" on <dataDir>/control.sock with the backup bytes (or
 * "ERR message"). Returns a stop function.
 */
export async function startControlSocket(
  dataDir: string,
  backup: () => Promise<Buffer>,
  onError: (err: Error) => void,
): Promise<() => Promise<void>> {
  const file = controlSocketPath(dataDir);
  if (Buffer.byteLength(file) > 100) throw new Error(`control socket path too long: ${file}`);
  fs.rmSync(file, { force: true }); // left by a crashed server (the data-dir lock says we own it now)
  let busy: Promise<Buffer> | null = null;
  const server = net.createServer((socket) => {
    socket.once("data", (chunk) => {
      if (chunk.toString("utf8").trim() !== "backup") return void socket.end("ERR unknown command\n");
      // One dump at a time; concurrent requests share it.
      const run = (busy ??= backup().finally(() => (busy = null)));
      run.then(
        (bytes) => socket.end(Buffer.concat([Buffer.from("OK\n"), bytes])),
        (err: Error) => {
          onError(err);
          socket.end(`ERR ${err.message}\n`);
        },
      );
    });
    socket.on("error", () => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(file, () => resolve());
  });
  fs.chmodSync(file, 0o600);
  return () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      fs.rmSync(file, { force: true });
    });
}

/** The CLI's side: asks the running server for a backup. */
export function requestBackup(dataDir: string, timeoutMs = 120_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(controlSocketPath(dataDir));
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(new Error("the server did not answer in time")), timeoutMs);
    socket.on("connect", () => socket.write("backup\n"));
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.on("end", () => {
      clearTimeout(timer);
      const all = Buffer.concat(chunks);
      if (all.subarray(0, 3).toString() === "OK\n") resolve(all.subarray(3));
      else
        reject(new Error(all.toString("utf8").replace(/^ERR /, "").trim() || "empty answer from the server"));
    });
  });
}
