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

export type TJobDefinition<T> = {
  /** Queue name: `<feature>.<verb>`, e.g. "connections.refresh". Letters, digits, dots, dashes, underscores. */
  name: string;
  schema: z.ZodType<T>;
  handler: (data: T, job: TJobContext) => Promise<void>;
  options?: TJobOptions;
  /** A recurring job: pg-boss sends `{}`-like data (the schema must accept `scheduleData`) on this cron, once per tick across all instances. */
  schedule?: { cron: string; data: T };
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry holds definitions of any payload type
export type TAnyJobDefinition = TJobDefinition<any>;

const NAME = /^[A-Za-z0-9_.-]{1,100}$/;

export function defineJob<T>(def: TJobDefinition<T>): TJobDefinition<T> {
  if (!NAME.test(def.name)) throw new Error(`invalid job name: ${def.name}`);
  return def;
}
