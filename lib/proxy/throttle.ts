// Per-connection throttling from the provider's own quota headers: a token bucket per connection whose size and
// level are learned from each answer (api.rateLimit on the provider entry), so Patchbay waits briefly instead of
// sending a request the provider would refuse with 429.
//
//  - Until the first answer has told us the level, one request per connection is in flight at a time (a burst of
//    cold requests would otherwise all go out blind) — for at most a second, so a slow first answer does not stall
//    the rest; a provider that sends no quota header stops being throttled.
//  - Every request sent takes a token. An answer sets the level to what the provider reports, minus the other
//    requests still in flight (they took tokens the provider may not have counted yet): conservative, never late.
//  - Refill: at the reset (epoch or delta header, or a fixed window) the bucket is full again when the size is
//    known, or re-learned when it is not; a leaky bucket (Shopify) refills continuously at leakPerSecond.
//  - A request that would have to wait longer than the queue wait, or arrives when the queue is full, is refused
//    at once with the time until a token is expected (the caller gets 429 + Retry-After).
// State lives in this process's memory, on globalThis; several instances each throttle on their own share of what
// the provider reports, which is still within the provider's quota (each learns the shared remaining count).
import type { TApiRateLimit } from "@/lib/providers/schemas";
import { resetAfterMs } from "./retry";

type TBucket = {
  /** tokens available now; null = not learned yet */
  tokens: number | null;
  size: number | null;
  /** ms epoch when the window refills (not for leaky buckets) */
  resetAt: number | null;
  lastLeak: number;
  inFlight: number;
  waiting: number;
  /** the provider answered without the declared header: nothing to learn, do not throttle */
  silent: boolean;
};

export class ThrottledError extends Error {
  constructor(readonly retryAfterMs: number) {
    super("The provider's rate limit for this connection is used up; retry later.");
    this.name = "ThrottledError";
  }
}

const LEARNING_WAIT_MS = 1_000;
const KEY = Symbol.for("patchbay.proxy.buckets");
type TGlobal = typeof globalThis & { [KEY]?: Map<string, TBucket> };

function buckets(): Map<string, TBucket> {
  const g = globalThis as TGlobal;
  return (g[KEY] ??= new Map<string, TBucket>());
}

function bucketFor(connectionId: string): TBucket {
  const all = buckets();
  let b = all.get(connectionId);
  if (!b) {
    b = {
      tokens: null,
      size: null,
      resetAt: null,
      lastLeak: Date.now(),
      inFlight: 0,
      waiting: 0,
      silent: false,
    };
    all.set(connectionId, b);
    if (all.size > 50_000) all.delete(all.keys().next().value!); // bounded: the oldest connection is forgotten
  }
  return b;
}

function refill(b: TBucket, rl: TApiRateLimit, now: number): void {
  if (rl.leakPerSecond !== undefined && b.tokens !== null && b.size !== null) {
    b.tokens = Math.min(b.size, b.tokens + ((now - b.lastLeak) / 1000) * rl.leakPerSecond);
    b.lastLeak = now;
    return;
  }
  b.lastLeak = now;
  if (b.resetAt !== null && now >= b.resetAt) {
    // Requests still in flight from the old window may be counted in the new one. Without a stated size: re-learn.
    b.tokens = b.size === null ? null : Math.max(0, b.size - b.inFlight);
    b.resetAt = null;
  }
}

/** ms until a token is expected, or 0 when one is available now. */
function waitFor(b: TBucket, rl: TApiRateLimit, now: number): number {
  if (b.silent) return 0;
  if (b.tokens === null) return b.inFlight > 0 ? 25 : 0; // learning: one at a time
  if (b.tokens >= 1) return 0;
  if (rl.leakPerSecond !== undefined) return Math.ceil(((1 - b.tokens) / rl.leakPerSecond) * 1000);
  if (b.resetAt !== null) return Math.max(1, b.resetAt - now);
  return b.inFlight > 0 ? 25 : 0; // empty with no reset known: wait for an answer to tell us more
}

/**
 * Waits `ms`, or less when `signal` aborts (at once when it already has); never rejects. Also the proxy's retry
 * backoff. The abort listener is removed when the timer fires: a request queued for long waits many times on one
 * signal, and each wait used to leave a listener behind (MaxListenersExceededWarning in the throttle tests).
 */
export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(t);
      resolve();
    };
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/**
 * Waits for a token (at most `maxWaitMs`, with at most `maxDepth` requests waiting on this connection) and
 * takes it. Returns the ms spent waiting; the caller must call `release` with the answer's headers (or null).
 */
export async function acquire(
  connectionId: string,
  rl: TApiRateLimit | undefined,
  limits: { maxWaitMs: number; maxDepth: number; signal?: AbortSignal },
): Promise<number> {
  const b = bucketFor(connectionId);
  if (!rl) {
    b.inFlight++;
    return 0;
  }
  const started = Date.now();
  let queued = false;
  try {
    for (;;) {
      const now = Date.now();
      refill(b, rl, now);
      const wait = waitFor(b, rl, now);
      if (wait === 0) break;
      // Still learning after a second (the first answer is slow): go blind rather than queue behind it.
      if (b.tokens === null && now - started >= LEARNING_WAIT_MS) break;
      const left = limits.maxWaitMs - (now - started);
      if (!queued && b.waiting >= limits.maxDepth) throw new ThrottledError(wait);
      if (wait > left) throw new ThrottledError(wait);
      if (!queued) {
        queued = true;
        b.waiting++;
      }
      if (limits.signal?.aborted) throw new ThrottledError(wait);
      await sleep(Math.min(wait, 250), limits.signal);
    }
  } finally {
    if (queued) b.waiting--;
  }
  if (b.tokens !== null && !b.silent) b.tokens -= 1;
  b.inFlight++;
  return Date.now() - started;
}

/** Learns from an answer's headers (null: no answer came back) and frees the in-flight slot. */
export function release(
  connectionId: string,
  rl: TApiRateLimit | undefined,
  get: ((name: string) => string | null) | null,
): void {
  const b = bucketFor(connectionId);
  b.inFlight = Math.max(0, b.inFlight - 1);
  if (!rl || !get) return;
  const now = Date.now();
  const raw = get(rl.remainingHeader);
  if (raw === null) {
    if (b.tokens === null) b.silent = true;
    return;
  }
  b.silent = false;
  let remaining: number | undefined;
  let size: number | undefined;
  if (rl.remainingFormat === "used_of_limit") {
    const m = /^\s*(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)\s*$/.exec(raw);
    if (m) {
      size = Number(m[2]);
      remaining = size - Number(m[1]);
    }
  } else if (/^\s*\d+\s*$/.test(raw)) {
    remaining = Number(raw);
    const limit = rl.limitHeader ? get(rl.limitHeader) : null;
    if (limit !== null && /^\s*\d+\s*$/.test(limit)) size = Number(limit);
  }
  if (remaining === undefined) return;
  const reset = rl.leakPerSecond === undefined ? resetAfterMs(rl, get, now) : undefined;
  // An answer about a window that is already over (it was slow to come back) says nothing about this one.
  if (reset !== undefined && reset <= 0) return;
  if (size !== undefined) b.size = size;
  b.tokens = Math.max(0, remaining - b.inFlight);
  b.lastLeak = now;
  if (reset !== undefined) b.resetAt = now + reset;
  else if (rl.leakPerSecond === undefined && rl.windowMs !== undefined && b.resetAt === null)
    b.resetAt = now + rl.windowMs;
}

/** Tests: forget every bucket. */
export function resetThrottleForTests(): void {
  buckets().clear();
}
