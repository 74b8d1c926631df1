import fs from "node:fs";
import path from "node:path";

const lockFile = (dir: string) => path.join(dir, "pglite.lock");

/** The pid of a live process holding the embedded data directory, or null. */
export function isDataDirInUse(dir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(lockFile(dir), "utf8"));
    if (!pid || pid === process.pid) return null;
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

/** One process per data directory: two PGlite instances on the same files would corrupt them. */
export function takeDataDirLock(dir: string): { release: () => void } | { heldBy: number } {
  fs.mkdirSync(dir, { recursive: true });
  const heldBy = isDataDirInUse(dir);
  if (heldBy) return { heldBy };
  fs.writeFileSync(lockFile(dir), String(process.pid));
  return { release: () => fs.rmSync(lockFile(dir), { force: true }) };
}
