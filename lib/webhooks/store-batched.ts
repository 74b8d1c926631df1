// Group commit for the intake. Every delivery must be durable before its 2xx (receive-webhook.ts, step 5), and
// one transaction per delivery makes the commit (an fsync) the price of every webhook. Deliveries that arrive
// while a commit is in flight wait for the next one instead: up to MAX_BATCH deliveries are stored by ONE
// multi-row insert and their processing jobs sent in the same transaction, and each caller learns how many of
// ITS rows were new (the unique index on source + delivery id + connection drops duplicates, also two copies of
// one delivery in the same batch). Latency stays a commit or two; throughput grows with the arrival rate.
//
// A batch that fails as a whole is not guessed at: each of its deliveries is stored again on its own, so one
// delivery whose connection was just deleted (a foreign key failure → null, as before) cannot fail the others.
import type { TTx } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";
import { enqueue } from "@/lib/queue/queue";
import { PROCESS_INBOUND_JOB } from "./job-types";
import { insertEvents, transaction, type TNewEvent } from "./repo";

const MAX_BATCH = 200;
/** Commits in flight at once: one being written while the next batch fills, and one spare. */
const MAX_IN_FLIGHT = 2;
/** The processing job's payload bound (job-types.ts). */
const JOB_IDS = 50;

type TPending = {
  rows: TNewEvent[];
  resolve: (created: number | null) => void;
  reject: (e: unknown) => void;
};

type TBatcher = { waiting: TPending[]; inFlight: number };
const g = globalThis as { __patchbayIntakeBatcher?: TBatcher };
const state = (): TBatcher => (g.__patchbayIntakeBatcher ??= { waiting: [], inFlight: 0 });

async function storeRows(tx: TTx, rows: TNewEvent[]): Promise<Set<string>> {
  const inserted = await insertEvents(tx, rows);
  const ids = inserted.map((r) => r.id);
  for (let i = 0; i < ids.length; i += JOB_IDS)
    await enqueue(PROCESS_INBOUND_JOB, { eventIds: ids.slice(i, i + JOB_IDS) }, { tx });
  return new Set(ids);
}

/** A routed connection is gone: P2003 from a Prisma write, P2010 with SQLSTATE 23503 from the raw insert. */
function isForeignKeyFailure(err: unknown): boolean {
  if (!(err instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (err.code === "P2003") return true;
  const cause = (err.meta as { driverAdapterError?: { cause?: { originalCode?: string } } } | undefined)
    ?.driverAdapterError?.cause;
  return err.code === "P2010" && cause?.originalCode === "23503";
}

async function storeAlone(p: TPending): Promise<void> {
  try {
    const created = await transaction(async (tx) => (await storeRows(tx, p.rows)).size);
    p.resolve(created);
  } catch (err) {
    if (isForeignKeyFailure(err)) p.resolve(null);
    else p.reject(err);
  }
}

async function flush(): Promise<void> {
  const s = state();
  const batch = s.waiting.splice(0, MAX_BATCH);
  if (batch.length === 0) return;
  s.inFlight++;
  try {
    if (batch.length === 1) {
      await storeAlone(batch[0]!);
      return;
    }
    let created: Set<string>;
    try {
      created = await transaction((tx) =>
        storeRows(
          tx,
          batch.flatMap((p) => p.rows),
        ),
      );
    } catch (err) {
      log.warn("webhook intake batch failed; storing its deliveries one by one", {
        deliveries: batch.length,
        error: err instanceof Error ? err.message : "unknown",
      });
      for (const p of batch) await storeAlone(p);
      return;
    }
    for (const p of batch) p.resolve(p.rows.filter((r) => created.has(r.id)).length);
  } finally {
    s.inFlight--;
    schedule();
  }
}

function schedule() {
  const s = state();
  if (s.waiting.length > 0 && s.inFlight < MAX_IN_FLIGHT) void flush();
}

/**
 * Stores one delivery's rows (one per routed connection) and sends their processing job, durably, possibly in
 * one transaction with other deliveries. Resolves to how many rows were new, or null when a routed connection
 * no longer exists. Call prepareQueue(PROCESS_INBOUND_JOB) first (the PGlite deadlock note in lib/queue).
 */
export function storeDelivery(rows: TNewEvent[]): Promise<number | null> {
  return new Promise((resolve, reject) => {
    state().waiting.push({ rows, resolve, reject });
    // Deliveries arriving in the same turn of the event loop join one batch.
    setImmediate(schedule);
  });
}
