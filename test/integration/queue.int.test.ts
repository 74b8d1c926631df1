// The job queue (lib/queue) on the test database — embedded PGlite by default, PostgreSQL in CI's second run:
// a job runs once, a failing handler is retried, a malformed payload never reaches a handler, and a job sent in a
// Prisma transaction exists only if that transaction commits.
import crypto from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { db } from "@/lib/db";
import { defineJob } from "@/lib/queue/define-job";
import { enqueue, queueCounts, startWorkers, stopQueue } from "@/lib/queue/queue";

const suffix = crypto.randomBytes(4).toString("hex");
const seen: { name: string; n: number; attempt: number }[] = [];
let failuresLeft = 1;

const echo = defineJob({
  name: `test.echo-${suffix}`,
  schema: z.object({ n: z.number().int() }),
  options: { pollingIntervalSeconds: 0.5, batchSize: 5 },
  handler: async (data, job) => {
    seen.push({ name: "echo", n: data.n, attempt: job.retryCount });
  },
});

const flaky = defineJob({
  name: `test.flaky-${suffix}`,
  schema: z.object({ n: z.number().int() }),
  options: { pollingIntervalSeconds: 0.5, retryLimit: 2, retryDelaySeconds: 1, retryBackoff: false },
  handler: async (data, job) => {
    seen.push({ name: "flaky", n: data.n, attempt: job.retryCount });
    if (failuresLeft-- > 0) throw new Error("upstream said no");
  },
});

async function until<T>(what: string, f: () => T | Promise<T>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

afterAll(async () => {
  await stopQueue(2_000);
});

describe("job queue", () => {
  it("runs each job once and retries a handler that throws", async () => {
    await startWorkers([echo, flaky]);
    await enqueue(echo, { n: 1 });
    await enqueue(echo, { n: 2 });
    await enqueue(flaky, { n: 3 });
    await until("both echoes", () => seen.filter((s) => s.name === "echo").length === 2);
    await until("the retried flaky job", () => seen.filter((s) => s.name === "flaky").length === 2);
    expect(seen.filter((s) => s.name === "flaky").map((s) => s.attempt)).toEqual([0, 1]);
    await until("completion recorded", async () => (await queueCounts(flaky.name)).completed === 1);
    // Nothing ran twice.
    expect(
      seen
        .filter((s) => s.name === "echo")
        .map((s) => s.n)
        .sort(),
    ).toEqual([1, 2]);
  });

  it("refuses to send a payload that does not match the job's schema", async () => {
    await expect(enqueue(echo, { n: "x" } as unknown as { n: number })).rejects.toThrow();
  });

  it("writes a job inside a Prisma transaction: rolled back → no job; committed → it runs", async () => {
    const before = (await queueCounts(echo.name)).created ?? 0;
    await expect(
      db.$transaction(async (tx) => {
        await enqueue(echo, { n: 40 }, { tx, startAfterSeconds: 3600 });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect((await queueCounts(echo.name)).created ?? 0).toBe(before);

    await db.$transaction(async (tx) => {
      await enqueue(echo, { n: 41 }, { tx });
    });
    await until("the committed job", () => seen.some((s) => s.n === 41));
    expect(seen.some((s) => s.n === 40)).toBe(false);
  });
});
