// When a failed delivery is tried again. The schedule follows Standard Webhooks / Svix: after the first attempt
// fails, retry after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h — 8 attempts over about 27.6 hours — then the
// delivery is dead-lettered (visible on the Events page, replayable). A 429 or 503 with Retry-After waits as long
// as the receiver asked (capped at MAX_RETRY_AFTER_S) instead of the schedule's step; it still uses up an attempt,
// so a receiver that keeps answering 429 ends dead-lettered like any other.
//
// PATCHBAY_EVENTS_RETRY_SCALE (tests only) multiplies the schedule — 0.001 turns a day into seconds — while the
// computation itself stays the one unit-tested here.

import { eventsEnv } from "@/lib/env";

/** Delays (seconds) before attempts 2, 3, … */
export const RETRY_SCHEDULE_S = [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600] as const;
export const MAX_ATTEMPTS = RETRY_SCHEDULE_S.length + 1;
export const MAX_RETRY_AFTER_S = 6 * 3600;

/** Retry-After: delta-seconds or an HTTP date (RFC 9110 §10.2.3). Undefined when absent or unparseable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

export function retryScale(source: Record<string, string | undefined> = process.env): number {
  return eventsEnv(source).retryScale;
}

/**
 * Seconds to wait before the next attempt after `attemptsMade` attempts failed, or null when the schedule is
 * exhausted (dead letter).
 */
export function nextRetryDelaySeconds(
  attemptsMade: number,
  retryAfterSeconds?: number,
  scale = retryScale(),
): number | null {
  if (attemptsMade >= MAX_ATTEMPTS) return null;
  const step = RETRY_SCHEDULE_S[attemptsMade - 1];
  if (step === undefined) return null;
  if (retryAfterSeconds !== undefined) return Math.min(MAX_RETRY_AFTER_S, Math.max(0, retryAfterSeconds));
  return step * scale;
}
