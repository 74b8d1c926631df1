// When a proxied request is tried again, and how long to wait first. Pure (no I/O) so it is unit-tested.
//
// - Only idempotent methods (RFC 9110 §9.2.2) — or any method the caller marked with an Idempotency-Key, the
//   provider's own de-duplication (Stripe and others) then makes a repeat safe.
// - Only when it cannot have done harm twice: the connection never came up (refused, DNS, connect timeout), or
//   the provider said "not now" — 429, 502, 503, 504.
// - Only when the body can be sent again: no body, or one small enough to have been kept (proxy-request.ts keeps
//   request bodies up to REPLAYABLE_BODY_BYTES when a retry is possible; a larger or unknown-length body is
//   streamed straight through and its request is tried once).
// - Waiting: exponential backoff with full jitter, but never less than the provider's Retry-After (seconds or an
//   HTTP date) or its declared rate-limit reset; a wait that would pass the total cap is not taken — the
//   provider's answer is passed through instead.
import type { THeaderReader } from "@/lib/header-reader";
import type { TApiRateLimit } from "@/lib/providers/schemas";

export const DEFAULT_RETRIES = 2;
export const MAX_RETRIES = 5;
export const REPLAYABLE_BODY_BYTES = 1024 * 1024;
const BASE_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 4_000;

const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
const RETRY_STATUSES = new Set([429, 502, 503, 504]);

export function mayRetryMethod(method: string, headers: THeaderReader): boolean {
  return IDEMPOTENT.has(method) || (headers.get("idempotency-key") ?? "").trim() !== "";
}

export const isRetryableStatus = (status: number) => RETRY_STATUSES.has(status);

/** Patchbay-Retries: 0..5, default 2. Returns null when the header is present but not such a number. */
export function parseRetries(value: string | null): number | null {
  if (value === null) return DEFAULT_RETRIES;
  if (!/^\s*\d\s*$/.test(value)) return null;
  const n = Number(value.trim());
  return n <= MAX_RETRIES ? n : null;
}

export function backoffMs(attempt: number, random = Math.random): number {
  const cap = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** attempt);
  return Math.round(cap / 2 + (random() * cap) / 2);
}

/**
 * Retry-After (delta seconds or HTTP date), in ms from now; undefined when absent or unreadable. Shopify sends
 * decimal seconds ("2.0"), which RFC 9110 does not allow but which mean what they say.
 */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.ceil(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The provider's declared reset header, in ms from now. */
export function resetAfterMs(
  rateLimit: TApiRateLimit | undefined,
  get: (name: string) => string | null,
  now = Date.now(),
): number | undefined {
  if (!rateLimit?.resetHeader) return undefined;
  const raw = get(rateLimit.resetHeader);
  if (raw === null || !/^\s*\d+(\.\d+)?\s*$/.test(raw)) return undefined;
  const n = Number(raw);
  switch (rateLimit.resetFormat) {
    case "epoch_seconds":
      return Math.max(0, n * 1000 - now);
    case "delta_seconds":
      return n * 1000;
    case "delta_ms":
      return n;
  }
}

/** How long to wait before attempt `attempt` (0-based count of retries so far) after a retryable answer. */
export function retryDelayMs(
  attempt: number,
  get: ((name: string) => string | null) | null,
  rateLimit: TApiRateLimit | undefined,
  random = Math.random,
): number {
  const floor = get ? (retryAfterMs(get("retry-after")) ?? resetAfterMs(rateLimit, get) ?? 0) : 0;
  return Math.max(floor, backoffMs(attempt, random));
}
