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
  /** queues known to exist, with pg-boss started (sending in a transaction needs nothing more) */
  ready: Set<string>;
  definitions: Map<string, TAnyJobDefinition>;
  /** this process's workers by queue, when they are woken on send (TStartWorkersOptions.localWake) */
  wake?: { workers: Map<string, string[]>; next: Map<string, number> };
};

const g = globalThis as { __patchbayQueue?: TState };
function state(): TState {
  g.__patchbayQueue ??= { workers: false, queues: new Map(), ready: new Set(), definitions: new Map() };
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
    // Retention of pg-boss's own tables: a busy instance writes ~100k refresh jobs an hour. Finished jobs move to
    // the archive after an hour (failed ones stay in the job table for three days, to be looked at), and the
    // archive is emptied after two days. Maintenance (expiring jobs whose process died, archiving) runs every
    // 30 s, so a job orphaned by a crash is retried within its expiry + 30 s.
    archiveCompletedAfterSeconds: 3600,
    archiveFailedAfterSeconds: 3 * 24 * 3600,
    deleteAfterDays: 2,
    maintenanceIntervalSeconds: 30,
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
      s.ready.add(def.name);
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
 * True when a job of this type can be sent right now without pg-boss opening connections of its own (it is
 * started and the queue exists). Matters inside a transaction on the embedded database: PGlite is one session,
 * so pg-boss starting up on another connection waits for the open transaction — which waits for it.
 */
export function queueReady(job: TJobType<unknown>): boolean {
  return state().ready.has(job.name);
}

/** Starts the sender and creates the queue if needed (call outside any transaction, e.g. at start-up). */
export async function prepareQueue(job: TJobType<unknown>): Promise<void> {
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
  const id = await b.send(job.name, payload, options);
  if (id !== null)
    wakeAfterSend(job.name, 1, opts.tx ? "after_commit" : Math.max(0, opts.startAfterSeconds ?? 0));
  return id;
}

/**
 * With localWake, one of this process's workers of the queue is told to fetch now instead of at its next poll:
 * at once for a job that is already visible; a few times over the next second for one written in a caller's
 * transaction (the queue does not see the commit, and a fetch before it finds nothing); when it is due for a job
 * that starts a few seconds from now. Past that, the poll finds it. One worker per job, in turn.
 */
function wakeAfterSend(name: string, jobs: number, when: number | "after_commit"): void {
  const wake = state().wake;
  const ids = wake?.workers.get(name);
  if (!wake || !ids?.length) return;
  const notify = () => {
    const b = state().boss;
    if (!b || state().wake !== wake) return; // stopped meanwhile
    void b.then((boss) => {
      for (let i = 0; i < Math.min(jobs, ids.length); i++) {
        const n = wake.next.get(name) ?? 0;
        wake.next.set(name, n + 1);
        boss.notifyWorker(ids[n % ids.length]!);
      }
    });
  };
  const later = (ms: number) => setTimeout(notify, ms).unref();
  if (when === "after_commit") for (const ms of [20, 200, 1_000]) later(ms);
  else if (when === 0) notify();
  else if (when <= 60) later(when * 1000 + 50);
}

export type TEnqueueManyItem<T> = {
  data: T;
  /** See TEnqueueOptions.singletonKey; a duplicate is skipped silently (ON CONFLICT DO NOTHING). */
  singletonKey?: string;
  /** Run no earlier than this instant (exact to the millisecond, unlike startAfterSeconds). */
  startAfter?: Date;
};

/** Sends many jobs of one kind, 1,000 per statement (no transaction option: used by fan-out jobs). */
export async function enqueueMany<T>(job: TJobType<T>, items: TEnqueueManyItem<T>[]): Promise<void> {
  if (items.length === 0) return;
  const b = await boss();
  await ensureQueue(b, job);
  for (let i = 0; i < items.length; i += 1000) {
    await b.insert(
      items.slice(i, i + 1000).map((item) => ({
        name: job.name,
        data: job.schema.parse(item.data) as object,
        ...(item.singletonKey !== undefined ? { singletonKey: item.singletonKey } : {}),
        // pg-boss casts a string ending in Z as a timestamp (anything else as an interval from now)
        ...(item.startAfter ? { startAfter: item.startAfter.toISOString() } : {}),
      })),
    );
  }
  wakeAfterSend(job.name, items.length, 0); // the ones with a later start are found by the poll
}

async function runOne(def: TAnyJobDefinition, job: PgBoss.JobWithMetadata<unknown>): Promise<void> {
  const parsed = def.schema.safeParse(job.data);
  if (!parsed.success) {
    // A malformed payload will never succeed: fail it without retries being useful, and say why.
    throw new Error(`job ${def.name} ${job.id}: payload does not match its schema`);
  }
  await def.handler(parsed.data, { id: job.id, retryCount: job.retryCount });
}

export type TStartWorkersOptions = {
  only?: readonly string[];
  /**
   * Poll no more often than every `minPollSeconds`, and wake this process's workers when it sends a job (see
   * wakeAfterSend). For the embedded database (lib/boot): one process sends every job, and each poll is a query
   * PGlite runs on the event-loop thread — with every queue's workers polling every 0.5–2 s that was ~27 fetches a
   * second of 4–17 ms each, held in front of every request (README "Benchmarks → Proxy").
   */
  localWake?: { minPollSeconds: number };
};

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
    s.ready.clear();
    await old?.stop({ graceful: false, wait: true }).catch(() => undefined);
  }
  s.workers = true;
  if (opts.localWake) s.wake = { workers: new Map(), next: new Map() };
  const minPoll = opts.localWake?.minPollSeconds ?? 0;
  const b = await boss();
  for (const def of definitions) {
    if (opts.only && !opts.only.includes(def.name)) continue;
    s.definitions.set(def.name, def);
    await ensureQueue(b, def);
    const o = def.options ?? {};
    for (let i = 0; i < (o.concurrency ?? 1); i++) {
      // the handler below reads it: it runs only after work() has returned (its first fetch is a query)
      const workerId: string = await b.work<unknown>(
        def.name,
        {
          includeMetadata: true,
          batchSize: o.batchSize ?? 1,
          pollingIntervalSeconds: Math.max(o.pollingIntervalSeconds ?? 2, minPoll),
        },
        async (jobs) => {
          // pg-boss waits a whole polling interval after every fetch, jobs or not. With localWake's slow poll a
          // backlog would drain at one batch per interval: a full batch may mean more are ready, so fetch again
          // as soon as this one is done (an empty or partial fetch then waits for the poll, or a wake-up).
          if (s.wake && jobs.length >= (o.batchSize ?? 1)) b.notifyWorker(workerId);
          // pg-boss completes the whole batch when this resolves (only jobs still active) and fails it when it
          // throws. So the jobs that failed are failed here, one by one with their own error (each retried on
          // its own schedule), and the handler resolves: the ones that succeeded are completed, not re-run.
          const results = await Promise.allSettled(jobs.map((job) => runOne(def, job)));
          let failed = 0;
          for (let i = 0; i < jobs.length; i++) {
            const r = results[i]!;
            if (r.status === "fulfilled") continue;
            failed++;
            const message = r.reason instanceof Error ? r.reason.message : "failed";
            await b.fail(def.name, jobs[i]!.id, { message });
          }
          if (failed) log.warn("jobs failed", { queue: def.name, failed, of: jobs.length });
        },
      );
      if (s.wake) s.wake.workers.set(def.name, [...(s.wake.workers.get(def.name) ?? []), workerId]);
    }
    if (def.schedule) await b.schedule(def.name, def.schedule.cron, def.schedule.data as object);
    else if (!opts.only) await b.unschedule(def.name); // a schedule an older build declared is removed
  }
}

/** Stops taking jobs; waits up to `timeoutMs` for running handlers, then closes the pool. */
export async function stopQueue(timeoutMs = 10_000): Promise<void> {
  const s = state();
  const b = await s.boss?.catch(() => undefined);
  s.boss = undefined;
  s.workers = false;
  s.wake = undefined;
  s.queues.clear();
  s.ready.clear();
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

export type TQueueStats = {
  name: string;
  /** Jobs waiting (created or retry) whose start time has come. */
  ready: number;
  /** Jobs waiting for a later start time. */
  deferred: number;
  active: number;
  failed: number;
  /** Seconds the oldest ready job has waited past its start time (0 when none): the queue's lag. */
  oldestReadyAgeSeconds: number;
};

/** Depth and age of every queue (for a metrics endpoint or a dashboard); one grouped query. */
export async function queueStats(): Promise<TQueueStats[]> {
  const b = await boss();
  const { rows } = await b.getDb().executeSql(
    `SELECT name,
        count(*) FILTER (WHERE state < 'active' AND start_after <= now())::int AS ready,
        count(*) FILTER (WHERE state < 'active' AND start_after > now())::int AS deferred,
        count(*) FILTER (WHERE state = 'active')::int AS active,
        count(*) FILTER (WHERE state = 'failed')::int AS failed,
        COALESCE(EXTRACT(EPOCH FROM now() - min(start_after) FILTER (WHERE state < 'active' AND start_after <= now())), 0)::float8 AS age
      FROM pgboss.job WHERE name NOT LIKE '\\_\\_pgboss%' GROUP BY name ORDER BY name`,
    [],
  );
  return (
    rows as { name: string; ready: number; deferred: number; active: number; failed: number; age: number }[]
  ).map((r) => ({
    name: r.name,
    ready: r.ready,
    deferred: r.deferred,
    active: r.active,
    failed: r.failed,
    oldestReadyAgeSeconds: Math.round(r.age * 10) / 10,
  }));
}
