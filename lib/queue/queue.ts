// The job queue: pg-boss 10 on the application's own PostgreSQL (embedded PGlite or external), in its own schema
// `pgboss` that pg-boss creates and migrates itself at start (it is not part of prisma/migrations).
//
// - Sending: `enqueue(job, data)` from any process that has a database; the first call starts a send-only pg-boss
//   (no workers, no maintenance). Pass `{ tx }` to write the job in the caller's Prisma transaction, so a change
//   and the job it causes commit or roll back together (the outbox pattern without a second table).
// - Working: `startWorkers(definitions)` (called once per server process by lib/boot via lib/jobs) starts
//   maintenance, cron schedules and the handlers. pg-boss hands each job to exactly one worker across every
//   instance (SELECT … FOR UPDATE SKIP LOCKED); a job whose handler throws, or whose process dies, is retried
//   after its expiry with backoff, up to retryLimit, then left failed (visible with its error).
// - Everything lives on globalThis: Next.js bundles instrumentation and route handlers separately, and both must
//   see the same pg-boss.
import PgBoss from "pg-boss";
import { databaseUrl, type TTx } from "@/lib/db";
import { log } from "@/lib/log";
import type { TAnyJobDefinition, TJobOptions, TJobType } from "./define-job";

type TState = {
  boss?: Promise<PgBoss>;
  workers: boolean;
  queues: Map<string, Promise<void>>;
  definitions: Map<string, TAnyJobDefinition>;
};

const g = globalThis as { __patchbayQueue?: TState };
function state(): TState {
  g.__patchbayQueue ??= { workers: false, queues: new Map(), definitions: new Map() };
  return g.__patchbayQueue;
}

function newBoss(withWorkers: boolean): PgBoss {
  const boss = new PgBoss({
    connectionString: databaseUrl(),
    max: 4,
    application_name: "patchbay-queue",
    // Maintenance (expiring stuck jobs, archiving, deleting) and cron scheduling run only where workers run.
    supervise: withWorkers,
    schedule: withWorkers,
    migrate: true,
  });
  boss.on("error", (err: Error) => log.error("job queue error", { error: err.message }));
  return boss;
}

async function boss(): Promise<PgBoss> {
  const s = state();
  s.boss ??= (async () => {
    const b = newBoss(s.workers);
    await b.start();
    return b;
  })().catch((err: unknown) => {
    s.boss = undefined;
    throw err;
  });
  return s.boss;
}

function queueOptions(name: string, o: TJobOptions = {}): PgBoss.Queue {
  return {
    name,
    policy: o.policy ?? "standard",
    retryLimit: o.retryLimit ?? 3,
    retryDelay: o.retryDelaySeconds ?? 5,
    retryBackoff: o.retryBackoff ?? true,
    expireInSeconds: o.expireInSeconds ?? 15 * 60,
    retentionDays: o.retentionDays ?? 7,
  };
}

/** Creates (or updates) the queue once per process; pg-boss 10 refuses jobs for a queue it does not know. */
async function ensureQueue(b: PgBoss, def: TJobType<unknown>): Promise<void> {
  const s = state();
  let p = s.queues.get(def.name);
  if (!p) {
    p = (async () => {
      const existing = await b.getQueue(def.name);
      if (existing) await b.updateQueue(def.name, queueOptions(def.name, def.options));
      else await b.createQueue(def.name, queueOptions(def.name, def.options));
    })().catch((err: unknown) => {
      s.queues.delete(def.name);
      throw err;
    });
    s.queues.set(def.name, p);
  }
  return p;
}

export type TEnqueueOptions = {
  /** Run no earlier than this many seconds from now. */
  startAfterSeconds?: number;
  /** At most one queued-or-active job with this key in the queue (pg-boss singletonKey). */
  singletonKey?: string;
  /** Write the job inside this Prisma transaction (it exists only if the transaction commits). */
  tx?: TTx;
};

/** Adapts a Prisma transaction to pg-boss's `db` option: its SQL runs on the transaction's connection. */
function txDb(tx: TTx): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[]) {
      const rows = await tx.$queryRawUnsafe<unknown[]>(text, ...values);
      return { rows };
    },
  };
}

/**
 * Starts the queue (send-only unless workers run here) and creates `job`'s queue, so that a later
 * `enqueue(job, …, { tx })` only writes through the transaction. Call it BEFORE opening the transaction: on the
 * embedded database one open transaction holds the only session, and pg-boss starting up on its own pool inside
 * it would wait for that transaction forever.
 */
export async function prepareQueue<T>(job: TJobType<T>): Promise<void> {
  await ensureQueue(await boss(), job);
}

/** Sends one job. Returns its id, or null when a singletonKey already had a job queued. */
export async function enqueue<T>(
  job: TJobType<T>,
  data: T,
  opts: TEnqueueOptions = {},
): Promise<string | null> {
  const payload = job.schema.parse(data) as object;
  const b = await boss();
  await ensureQueue(b, job);
  const options: PgBoss.SendOptions = {};
  if (opts.startAfterSeconds !== undefined)
    options.startAfter = Math.max(0, Math.ceil(opts.startAfterSeconds));
  if (opts.singletonKey !== undefined) options.singletonKey = opts.singletonKey;
  if (opts.tx) options.db = txDb(opts.tx);
  return b.send(job.name, payload, options);
}

/** Sends many jobs of one kind in one statement (no transaction option: used by fan-out jobs). */
export async function enqueueMany<T>(
  job: TJobType<T>,
  items: { data: T; singletonKey?: string }[],
): Promise<void> {
  if (items.length === 0) return;
  const b = await boss();
  await ensureQueue(b, job);
  await b.insert(
    items.map((i) => ({
      name: job.name,
      data: job.schema.parse(i.data) as object,
      ...(i.singletonKey !== undefined ? { singletonKey: i.singletonKey } : {}),
    })),
  );
}

async function runOne(def: TAnyJobDefinition, job: PgBoss.JobWithMetadata<unknown>): Promise<void> {
  const parsed = def.schema.safeParse(job.data);
  if (!parsed.success) {
    // A malformed payload will never succeed: fail it without retries being useful, and say why.
    throw new Error(`job ${def.name} ${job.id}: payload does not match its schema`);
  }
  await def.handler(parsed.data, { id: job.id, retryCount: job.retryCount });
}

export type TStartWorkersOptions = { only?: readonly string[] };

/**
 * Starts the queue with workers for `definitions` (once per process; a second call is ignored). A job whose name
 * is not in `only` (when given) is not worked here. Cron schedules are (re)declared on every start; pg-boss keeps
 * one schedule per name and sends one job per tick whichever instance's clock fires first.
 */
export async function startWorkers(
  definitions: readonly TAnyJobDefinition[],
  opts: TStartWorkersOptions = {},
): Promise<void> {
  const s = state();
  if (s.workers) return;
  if (s.boss) {
    // A send-only boss was started first (an enqueue before boot finished): replace it with a full one.
    const old = await s.boss.catch(() => undefined);
    s.boss = undefined;
    s.queues.clear();
    await old?.stop({ graceful: false, wait: true }).catch(() => undefined);
  }
  s.workers = true;
  const b = await boss();
  for (const def of definitions) {
    if (opts.only && !opts.only.includes(def.name)) continue;
    s.definitions.set(def.name, def);
    await ensureQueue(b, def);
    const o = def.options ?? {};
    for (let i = 0; i < (o.concurrency ?? 1); i++) {
      await b.work<unknown>(
        def.name,
        {
          includeMetadata: true,
          batchSize: o.batchSize ?? 1,
          pollingIntervalSeconds: o.pollingIntervalSeconds ?? 2,
        },
        async (jobs) => {
          // pg-boss completes the whole batch when this resolves and fails it when it throws; run each job and
          // fail the batch only with the errors of the ones that failed (they are retried; pg-boss retries the
          // batch, so handlers must be idempotent — every handler here is).
          const results = await Promise.allSettled(jobs.map((job) => runOne(def, job)));
          const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
          if (failed.length) {
            const message = failed
              .map((f) => (f.reason instanceof Error ? f.reason.message : "failed"))
              .join("; ");
            log.warn("job failed", {
              queue: def.name,
              failed: failed.length,
              of: jobs.length,
              error: message,
            });
            throw new Error(message);
          }
        },
      );
    }
    if (def.schedule) await b.schedule(def.name, def.schedule.cron, def.schedule.data as object);
  }
}

/** Stops taking jobs; waits up to `timeoutMs` for running handlers, then closes the pool. */
export async function stopQueue(timeoutMs = 10_000): Promise<void> {
  const s = state();
  const b = await s.boss?.catch(() => undefined);
  s.boss = undefined;
  s.workers = false;
  s.queues.clear();
  s.definitions.clear();
  await b?.stop({ graceful: true, wait: true, timeout: timeoutMs }).catch(() => undefined);
}

/** Counts of jobs by state for one queue (dashboards, metrics, tests). */
export async function queueCounts(name: string): Promise<Record<string, number>> {
  const b = await boss();
  const rows = await b
    .getDb()
    .executeSql(`SELECT state, count(*)::int AS n FROM pgboss.job WHERE name = $1 GROUP BY state`, [name]);
  return Object.fromEntries((rows.rows as { state: string; n: number }[]).map((r) => [r.state, r.n]));
}
