// npm run keys:rotate [-- --batch-size 200]
// Re-seals every vault ciphertext (connection credentials, OAuth client secrets, OAuth apps' secret settings such as
// the Google Ads developer token, PKCE verifiers) under the active
// key — the LAST key of PATCHBAY_VAULT_KEYS — so the older keys can be removed. Resumable: stop it at any time
// (Ctrl-C finishes the current batch) and run it again; rows already re-sealed are skipped.
//
// Rotating a key:
//   1. Make a key (openssl rand -base64 32) and append it: PATCHBAY_VAULT_KEYS="k1:<old>,k2:<new>". Keep k1.
//   2. Restart every server with that ring: new secrets are sealed with k2, old ones still open with k1.
//   3. npm run keys:rotate (with the same PATCHBAY_VAULT_KEYS).
//   4. Once it reports that no row uses k1 any more, remove k1 from the ring and restart the servers.
//
// PostgreSQL mode (DATABASE_URL set): runs against that database while the servers keep serving. Writes are
// conditional, so a token refreshed by a server meanwhile is never overwritten.
// Embedded mode (no DATABASE_URL): opens the data directory (PATCHBAY_DATA_DIR, default .data) directly, so the
// Patchbay server using it must be stopped first. The ring is PATCHBAY_VAULT_KEYS if set (then set it for the
// server too), else PATCHBAY_VAULT_KEYS in <data dir>/secrets.json — append the new key there in step 1.
import { openCliDatabase } from "./cli-database";
import path from "node:path";
import { parseArgs } from "node:util";
import { disconnectDb } from "@/lib/db";
import { env, EnvError, type TEnv } from "@/lib/env";
import { rotateKeys, type TRotateKeysResult } from "@/lib/vault/rotate-keys";

const { values } = parseArgs({ options: { "batch-size": { type: "string", default: "200" } } });

function die(msg: string): never {
  console.error(msg);
  process.exit(1);
}

const batchSize = Number(values["batch-size"]);
if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 5000)
  die("--batch-size must be a whole number from 1 to 5000.");

const HOW_TO_ADD =
  'Append a new key to the ring, keeping the old ones, e.g. PATCHBAY_VAULT_KEYS="k1:<current key>,k2:<output of openssl rand -base64 32>", restart the server with it, then run npm run keys:rotate again.';

const keysFromEnv = Boolean(process.env.PATCHBAY_VAULT_KEYS);
const secretsOnlyFromEnv = Boolean(process.env.NEXTAUTH_SECRET && process.env.PATCHBAY_API_KEY_SECRET);
if (!keysFromEnv && (process.env.DATABASE_URL || secretsOnlyFromEnv))
  die(`PATCHBAY_VAULT_KEYS is not set: there is no key ring to rotate.\n${HOW_TO_ADD}`);

let cfg: TEnv;
try {
  cfg = env();
} catch (err) {
  if (err instanceof EnvError) die(err.message);
  throw err;
}
if (!keysFromEnv) {
  console.error(
    `PATCHBAY_VAULT_KEYS is not set: using the key ring in ${path.join(cfg.dataDir, "secrets.json")}.`,
  );
}
const active = cfg.vaultKeys[cfg.vaultKeys.length - 1]!.id;
if (cfg.vaultKeys.length < 2) {
  console.error(
    `Only one vault key ("${active}") is configured and it is already the active key: nothing to do.`,
  );
  console.error(HOW_TO_ADD);
  process.exit(0);
}

const embedded = await openCliDatabase(cfg, die);

// Ctrl-C / SIGTERM: finish the batch in flight, then stop cleanly (an embedded database must be closed properly).
class Interrupted extends Error {}
let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    interrupted = true;
  });
}

const tty = Boolean(process.stderr.isTTY);
let barOpen = false;
let lastDecile = -1;
function bar(done: number, total: number) {
  const width = 30;
  const of = Math.max(done, total);
  const filled = of === 0 ? width : Math.round((done / of) * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${of}`;
}
function onProgress(done: number, total: number) {
  if (interrupted) throw new Interrupted();
  if (tty) {
    // Redrawn in place; the line is closed when the run is complete, before rotateKeys logs its summary.
    process.stderr.write(`\r${bar(done, total)}${done >= total ? "\n" : ""}`);
    barOpen = done < total;
    return;
  }
  // Not a terminal (CI, a log file): a line per 10 %, not one per batch.
  const decile = total === 0 ? 10 : Math.floor((Math.min(done, total) / total) * 10);
  if (decile > lastDecile) {
    lastDecile = decile;
    process.stderr.write(`${bar(done, total)}\n`);
  }
}

function summarise(r: TRotateKeysResult, seconds: string) {
  console.log(
    `Re-sealed ${r.resealed} of ${r.total} rows under key "${r.activeKeyId}" in ${seconds} s ` +
      `(${r.alreadyCurrent} already current, ${r.skipped} changed meanwhile by the app, ${r.failed.length} failed).`,
  );
  if (r.failed.length) {
    console.log("Rows that could not be opened (left unchanged):");
    for (const f of r.failed.slice(0, 20)) console.log(`  ${f.table} ${f.id}: ${f.reason}`);
    if (r.failed.length > 20) console.log(`  … and ${r.failed.length - 20} more`);
  }
  const left = Object.entries(r.stillSealedUnder);
  if (left.length === 0) {
    const old = cfg.vaultKeys.slice(0, -1).map((k) => k.id);
    console.log(`No row uses an older key any more: ${old.join(", ")} can be removed from the ring.`);
  } else {
    const list = left.map(([kid, n]) => `${kid || "(not vault ciphertext)"}: ${n} row${n === 1 ? "" : "s"}`);
    console.log(
      `Still sealed under other keys — ${list.join(", ")}. Keep those keys until these rows are dealt with.`,
    );
  }
}

const started = Date.now();
try {
  const result = await rotateKeys({ batchSize, onProgress });
  summarise(result, ((Date.now() - started) / 1000).toFixed(1));
  process.exitCode = result.failed.length ? 1 : 0;
} catch (err) {
  if (barOpen) process.stderr.write("\n");
  if (err instanceof Interrupted) {
    console.error("Stopped. Rows re-sealed so far stay re-sealed; run npm run keys:rotate again to finish.");
    process.exitCode = 130;
  } else {
    console.error(
      `Rotation stopped: ${err instanceof Error ? err.message : String(err)}\nRows re-sealed so far stay re-sealed; run it again to resume.`,
    );
    process.exitCode = 1;
  }
} finally {
  await disconnectDb();
  await embedded?.stop();
}
