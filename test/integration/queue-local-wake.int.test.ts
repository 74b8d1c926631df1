// localWake (lib/queue/queue.ts, used by lib/jobs/start-jobs.ts in embedded mode): the workers poll only every
// `minPollSeconds` — here 30 s, so a job that waited for a poll would time these tests out — and are woken by this
// process's own sends: a job sent directly, one written in a committed transaction, a batch; and a backlog is
// fetched batch after batch without waiting for the poll in between.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { db } from "@/lib/db";
import { defineJob } from "@/lib/queue/define-job";
import { enqueue, enqueueMany, startWorkers, stopQueue } from "@/lib/queue/queue";

const seen: number[] = [];
const job = defineJob({
  name: `test.wake-${crypto.randomBytes(4).toString("hex")}`,
  schema: z.object({ n: z.number().int() }),
  options: { pollingIntervalSeconds: 0.5, batchSize: 5 },
  handler: async (data) => {
    seen.push(data.n);
  },
});

async function handledWithin(ms: number, ...ns: number[]): Promise<number> {
  const start = Date.now();
  while (!ns.every((n) => seen.includes(n))) {
    if (Date.now() - start > ms) throw new Error(`jobs ${ns.join(", ")} not handled within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return Date.now() - start;
}

beforeAll(async () => {
  await startWorkers([job], { localWake: { minPollSeconds: 30 } });
  await new Promise((r) => setTimeout(r, 500)); // the worker's first fetch is done: it waits for its 30 s poll now
});
afterAll(() => stopQueue(2_000));

describe("workers woken by this process's sends (polling every 30 s)", () => {
  it("a backlog drains batch after batch, not one batch per poll", async () => {
    // first, with no wake-up of another test pending: one worker, 5 jobs a fetch, so 20 jobs need four
    // fetches, and the send wakes it once
    const ns = Array.from({ length: 20 }, (_, i) => 100 + i);
    await enqueueMany(
      job,
      ns.map((n) => ({ data: { n } })),
    );
    expect(await handledWithin(3_000, ...ns)).toBeLessThan(3_000);
  });

  it("a job sent directly is handled at once, not at the next poll", async () => {
    await enqueue(job, { n: 1 });
    expect(await handledWithin(3_000, 1)).toBeLessThan(3_000);
  });

  it("a job written in a transaction is handled soon after the commit", async () => {
    await db.$transaction(async (tx) => {
      await enqueue(job, { n: 2 }, { tx });
      await new Promise((r) => setTimeout(r, 100)); // the commit comes after the first wake-up
    });
    expect(await handledWithin(3_000, 2)).toBeLessThan(3_000);
  });

  it("a batch is handled at once", async () => {
    await enqueueMany(job, [{ data: { n: 3 } }, { data: { n: 4 } }, { data: { n: 5 } }]);
    expect(await handledWithin(3_000, 3, 4, 5)).toBeLessThan(3_000);
  });
});
