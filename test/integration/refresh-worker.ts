// Process B of the two-process single-flight test in connection-lifecycle.int.test.ts. Run with tsx:
//   node --import tsx test/integration/refresh-worker.ts <teamId> <userId> <connectionId> <reads>
// Prints "READY" once its database pool and modules are warm, waits for a "go" line on stdin, fires all reads at
// once, prints "STARTED", then one "RESULT <json>" line. Access tokens are reported as SHA-256 fingerprints so no
// token is printed.
import crypto from "node:crypto";
import { createInterface } from "node:readline";
import type { TAuthContext } from "@/lib/actor";
import { getCredentials } from "@/lib/connections/get-credentials";
import { db, disconnectDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";

type TWorkerRead = { ok: true; fingerprint: string } | { ok: false; error: string };

const [teamId, userId, connectionId, readsArg] = process.argv.slice(2);
const reads = Number(readsArg);
if (!teamId || !userId || !connectionId || !Number.isInteger(reads) || reads < 1) {
  process.stderr.write("usage: refresh-worker.ts <teamId> <userId> <connectionId> <reads>\n");
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

async function read(): Promise<TWorkerRead> {
  try {
    const { credentials } = await getCredentials(ctx, connectionId!);
    if (credentials.type !== "oauth2") return { ok: false, error: `unexpected ${credentials.type}` };
    return { ok: true, fingerprint: fingerprint(credentials.access_token) };
  } catch (err) {
    return { ok: false, error: err instanceof AppError ? `${err.code}: ${err.message}` : String(err) };
  }
}

// Warm up: the Prisma client, its pool and the modules on the read path, so "go" starts reads, not start-up.
await Promise.all(Array.from({ length: 8 }, () => db.$queryRaw`SELECT 1`));
process.stdout.write("READY\n");

const lines = createInterface({ input: process.stdin });
await new Promise<void>((resolve) => lines.once("line", () => resolve()));
lines.close();

const pending = Array.from({ length: reads }, () => read());
process.stdout.write("STARTED\n");
const results = await Promise.all(pending);
process.stdout.write(`RESULT ${JSON.stringify(results)}\n`);
await disconnectDb();
