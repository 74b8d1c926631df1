// One app instance's job workers, as lib/boot starts them (every definition of ALL_JOBS), in its own process, for
// queue-instances.int.test.ts. Run with tsx (DATABASE_URL and the secrets come from the environment):
//   node --import tsx test/integration/queue-instance.ts
// Prints "READY" once working, then one line per handler run, so the test sees which process ran what:
//   "START <queue> <jobId> <retryCount> <json data>", "END <queue> <jobId>", "FAIL <queue> <jobId> <message>".
// The handlers themselves are the app's; this only reports around them. Stops gracefully when stdin closes.
import { createInterface } from "node:readline";
import { ALL_JOBS } from "@/lib/jobs/all-jobs";
import { setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import type { TAnyJobDefinition } from "@/lib/queue/define-job";
import { startWorkers, stopQueue } from "@/lib/queue/queue";
import { disconnectDb } from "@/lib/db";

// The test's OAuth servers listen on 127.0.0.1, which the outbound guard refuses by default (as in the parent).
setOutboundPolicyForTests({ allowPrivate: true });

const print = (line: string) => process.stdout.write(`${line}\n`);

const observed: TAnyJobDefinition[] = ALL_JOBS.map((def) => ({
  ...def,
  handler: async (data: unknown, job) => {
    print(`START ${def.name} ${job.id} ${String(job.retryCount)} ${JSON.stringify(data)}`);
    try {
      await def.handler(data, job);
      print(`END ${def.name} ${job.id}`);
    } catch (err) {
      print(`FAIL ${def.name} ${job.id} ${err instanceof Error ? err.message : "unknown"}`);
      throw err;
    }
  },
}));

await startWorkers(observed);
print("READY");

const lines = createInterface({ input: process.stdin });
await new Promise<void>((resolve) => lines.once("close", () => resolve()));
await stopQueue(5_000);
await disconnectDb();
