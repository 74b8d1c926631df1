// Fixed-window rate limiting in PostgreSQL, so every app instance shares the same counters. A refusal carries
// Retry-After and the RateLimit-Limit / -Remaining / -Reset / -Policy fields of the IETF draft
// (draft-ietf-httpapi-ratelimit-headers-06: Reset is in seconds from now, Policy is "<limit>;w=<window>").
import crypto from "node:crypto";
import { AppError } from "@/lib/errors";
import { incrementBucket, readBucket } from "@/lib/rate-limit/repo";

export type TLimit = { limit: number; windowSec: number };
export type TLimitState = { limit: number; remaining: number; resetSec: number; windowSec: number };

// Keys may contain e-mail addresses: store a hash only.
const hashKey = (key: string) => crypto.createHash("sha256").update(key).digest("base64url");

function windowOf(windowSec: number, now = Date.now()) {
  const windowMs = windowSec * 1000;
  const start = new Date(Math.floor(now / windowMs) * windowMs);
  return { start, resetSec: Math.max(1, Math.ceil((start.getTime() + windowMs - now) / 1000)) };
}

export function rateLimitHeaders(s: TLimitState): Record<string, string> {
  return {
    "RateLimit-Limit": String(s.limit),
    "RateLimit-Remaining": String(s.remaining),
    "RateLimit-Reset": String(s.resetSec),
    "RateLimit-Policy": `${s.limit};w=${s.windowSec}`,
  };
}

export function rateLimitedError(s: TLimitState, message?: string): AppError {
  return new AppError("rate_limited", {
    message,
    headers: { "Retry-After": String(s.resetSec), ...rateLimitHeaders(s) },
    details: { retry_after: s.resetSec },
  });
}

/** Counts one hit against `key` and says where the window stands; refuses nothing (the caller decides). */
export async function hitRateLimit(
  key: string,
  { limit, windowSec }: TLimit,
  now = Date.now(),
): Promise<{ state: TLimitState; count: number }> {
  const { start, resetSec } = windowOf(windowSec, now);
  const count = await incrementBucket(hashKey(key), start);
  return { state: { limit, remaining: Math.max(0, limit - count), resetSec, windowSec }, count };
}

/** Counts one hit against `key`; throws 429 (with Retry-After and RateLimit-*) once the window's limit is passed. */
export async function consumeRateLimit(key: string, limit: TLimit): Promise<TLimitState> {
  const { state, count } = await hitRateLimit(key, limit);
  if (count > limit.limit) throw rateLimitedError(state);
  return state;
}

/** Counts one event (e.g. a failed password) without refusing anything. */
export async function countEvent(key: string, windowSec: number): Promise<number> {
  return incrementBucket(hashKey(key), windowOf(windowSec).start);
}

/** How many events `key` has in the current window. */
export async function eventCount(key: string, windowSec: number): Promise<number> {
  return readBucket(hashKey(key), windowOf(windowSec).start);
}
