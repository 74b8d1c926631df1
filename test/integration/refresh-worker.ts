// The second process of the two-process refresh tests. Run with tsx:
//   node --import tsx test/integration/refresh-worker.ts <teamId> <userId> <connectionId> <reads>
//   node --import tsx test/integration/refresh-worker.ts <teamId> <userId> - rounds <resourceUrl>
// Prints "READY" once its database pool and modules are warm.
//
// reads (connection-lifecycle.int.test.ts): waits for a "go" line on stdin, fires all reads at once, prints
// "STARTED", then one "RESULT <json>" line.
//
// rounds (refresh-races.int.test.ts): reads commands from stdin until it closes —
//   "round <connectionId> <count> <spacingMs>": <count> forced refreshes, the i-th started i × spacing ms after the
//      command arrived; prints "RESULT <json>" (one entry per call) when all have settled;
//   "check": calls the provider's protected resource with every access token handed out since the last check and
//      prints "CHECK <json>" (fingerprint → HTTP status).
// Access tokens are reported as SHA-256 fingerprints so no token is printed.
import crypto from "node:crypto";
import { createInterface } from "node:readline";
import type { TAuthContext } from "@/lib/actor";
import { getCredentials } from "@/lib/connections/get-credentials";
import { refreshConnection } from "@/lib/connections/refresh-connection";
import { db, disconnectDb } from "@/lib/db";
import { setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";

export type TWorkerRead = { ok: true; fingerprint: string } | { ok: false; error: string };
export type TWorkerRefresh =
  { ok: true; refreshed: boolean; fingerprint: string } | { ok: false; error: string };

const [teamId, userId, connectionArg, modeArg, resourceUrl] = process.argv.slice(2);
const reads = Number(modeArg);
const roundsMode = modeArg === "rounds";
if (
  !teamId ||
  !userId ||
  !connectionArg ||
  (roundsMode ? !resourceUrl : !Number.isInteger(reads) || reads < 1)
) {
  process.stderr.write(
    "usage: refresh-worker.ts <teamId> <userId> <connectionId> <reads>\n" +
      "       refresh-worker.ts <teamId> <userId> - rounds <resourceUrl>\n",
  );
  process.exit(2);
}

// The test's OAuth server listens on 127.0.0.1, which the outbound guard refuses by default (as in the parent).
setOutboundPolicyForTests({ allowPrivate: true });

const ctx: TAuthContext = {
  actor: { kind: "user", userId, sessionId: "refresh-worker", isSuperuser: false },
  teamId,
  role: "owner",
};

const fingerprint = (token: string) => crypto.createHash("sha256").update(token).digest("hex");
const describe = (err: unknown) =>
  err instanceof Error
    ? `${err.name}${"code" in err ? ` ${String(err.code)}` : ""}: ${err.message}`
    : String(err);

async function read(connectionId: string): Promise<TWorkerRead> {
  try {
    const { credentials } = await getCredentials(ctx, connectionId);
    if (credentials.type !== "oauth2") return { ok: false, error: `unexpected ${credentials.type}` };
    return { ok: true, fingerprint: fingerprint(credentials.access_token) };
  } catch (err) {
    return { ok: false, error: describe(err) };
  }
}

/** Access tokens handed out since the last "check", by fingerprint. */
const handedOut = new Map<string, string>();

async function forcedRefresh(connectionId: string): Promise<TWorkerRefresh> {
  try {
    const out = await refreshConnection(teamId!, connectionId, { force: true });
    if (out.credentials.type !== "oauth2") return { ok: false, error: `unexpected ${out.credentials.type}` };
    const fp = fingerprint(out.credentials.access_token);
    handedOut.set(fp, out.credentials.access_token);
    return { ok: true, refreshed: out.refreshed, fingerprint: fp };
  } catch (err) {
    return { ok: false, error: describe(err) };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Warm up: the Prisma client, its pool and the modules on the read path, so "go" starts reads, not start-up.
await Promise.all(Array.from({ length: 8 }, () => db.$queryRaw`SELECT 1`));
process.stdout.write("READY\n");

const lines = createInterface({ input: process.stdin });
if (!roundsMode) {
  await new Promise<void>((resolve) => lines.once("line", () => resolve()));
  lines.close();
  const pending = Array.from({ length: reads }, () => read(connectionArg));
  process.stdout.write("STARTED\n");
  const results = await Promise.all(pending);
  process.stdout.write(`RESULT ${JSON.stringify(results)}\n`);
} else {
  for await (const line of lines) {
    const [command, connectionId, countArg, spacingArg] = line.trim().split(/\s+/);
    if (command === "round" && connectionId) {
      const count = Number(countArg);
      const spacing = Number(spacingArg);
      const results = await Promise.all(
        Array.from({ length: count }, async (_, i) => {
          if (spacing > 0) await sleep(i * spacing);
          return forcedRefresh(connectionId);
        }),
      );
      process.stdout.write(`RESULT ${JSON.stringify(results)}\n`);
    } else if (command === "check") {
      const statuses: Record<string, number> = {};
      for (const [fp, token] of handedOut) {
        const res = await fetch(resourceUrl!, { headers: { authorization: `Bearer ${token}` } });
        statuses[fp] = res.status;
      }
      handedOut.clear();
      process.stdout.write(`CHECK ${JSON.stringify(statuses)}\n`);
    }
  }
}
await disconnectDb();
