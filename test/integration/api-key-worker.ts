// The second instance of the key-revocation test (api-key-cache.int.test.ts): the same library code against the
// same database, in its own process. Run with tsx:
//   node --import tsx test/integration/api-key-worker.ts
// Starts its cache-invalidation listener (as boot.ts does), then prints `READY {"healthy":…}`. Reads lines:
//   "auth <key>" → authenticates the key through the cached path; prints `AUTH {"ok":…,"received":…}` where
//   received counts the invalidations that arrived by NOTIFY.
import { createInterface } from "node:readline";
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import {
  crossInstanceInvalidation,
  invalidationsReceived,
  startInvalidationListener,
  stopInvalidationListener,
} from "@/lib/cache-bus/bus";
import { disconnectDb } from "@/lib/db";

await startInvalidationListener();
process.stdout.write(`READY ${JSON.stringify({ healthy: crossInstanceInvalidation() })}\n`);

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const [cmd, key] = line.split(" ");
  if (cmd !== "auth" || !key) continue;
  let ok = false;
  try {
    await authenticateApiKey(key);
    ok = true;
  } catch {
    ok = false;
  }
  process.stdout.write(`AUTH ${JSON.stringify({ ok, received: invalidationsReceived() })}\n`);
}
await stopInvalidationListener();
await disconnectDb();
