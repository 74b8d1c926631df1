// A background job, declared as data by the feature that owns it (lib/connections, lib/webhooks, lib/events …):
// its queue name, a zod schema for its payload (checked when it is sent AND when it is received, so a job written
// by an older build cannot reach a handler with the wrong shape), the handler, and how the queue treats it.
// lib/jobs (the top layer) collects every definition and starts the workers; features only send.
import type { z } from "zod";

export type TJobPolicy = "standard" | "short" | "singleton" | "stately";

export type TJobOptions = {
  /** pg-boss queue policy. "singleton": at most one job of the queue active at a time, across every instance. */
  policy?: TJobPolicy;
  /** Attempts after the first. Default 3. */
  retryLimit?: number;
  /** Seconds before the first retry. Default 5. */
  retryDelaySeconds?: number;
  /** Exponential backoff between retries (with pg-boss's jitter). Default true. */
  retryBackoff?: boolean;
  /** A job running longer than this is failed (and retried). Default 15 min. */
  expireInSeconds?: number;
  /** Jobs fetched per poll of one worker. Default 1. */
  batchSize?: number;
  /** Workers of this queue per process. Default 1. */
  concurrency?: number;
  /** How often an idle worker polls, ≥ 0.5 s. Default 2 s. */
  pollingIntervalSeconds?: number;
  /** Completed/failed jobs are kept this long for inspection. Default 7 days. */
  retentionDays?: number;
};

export type TJobContext = { id: string; retryCount: number };

/**
 * What a sender needs: the queue name, the payload schema and the queue options. A feature low in the layers can
 * declare a job type and send it, while the handler — which may need higher layers — is bound in lib/jobs with
 * `withHandler` (e.g. lib/connections sends "webhooks.sync" on connect; lib/jobs binds it to lib/webhooks).
 */
export type TJobType<T> = {
  /** Queue name: `<feature>.<verb>`, e.g. "connections.refresh". Letters, digits, dots, dashes, underscores. */
  name: string;
  schema: z.ZodType<T>;
  options?: TJobOptions;
};

export type TJobDefinition<T> = TJobType<T> & {
  handler: (data: T, job: TJobContext) => Promise<void>;
  /** A recurring job: sent with `data` on this cron (UTC), once per tick across all instances. */
  schedule?: { cron: string; data: T };
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry holds definitions of any payload type
export type TAnyJobDefinition = TJobDefinition<any>;

const NAME = /^[A-Za-z0-9_.-]{1,100}$/;

export function defineJobType<T>(type: TJobType<T>): TJobType<T> {
  if (!NAME.test(type.name)) throw new Error(`invalid job name: ${type.name}`);
  return type;
}

/** A job type and its handler in one (when the handler lives in the same layer as the sender). */
export function defineJob<T>(def: TJobDefinition<T>): TJobDefinition<T> {
  defineJobType(def);
  return def;
}

/** Binds a handler (and optionally a schedule) to a job type declared lower in the layers. */
export function withHandler<T>(
  type: TJobType<T>,
  handler: TJobDefinition<T>["handler"],
  schedule?: TJobDefinition<T>["schedule"],
): TJobDefinition<T> {
  return { ...type, handler, ...(schedule ? { schedule } : {}) };
}
