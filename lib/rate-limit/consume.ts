// Fixed-window rate limiting in PostgreSQL, so every app instance shares the same counters.
import crypto from "node:crypto";
import { AppError } from "@/lib/http/errors";
import { incrementBucket } from "@/lib/rate-limit/repo";

export type TLimit = { limit: number; windowSec: number };

/** Counts one hit against `key`; throws 429 (with Retry-After) once the window's limit is passed. */
export async function consumeRateLimit(key: string, { limit, windowSec }: TLimit): Promise<void> {
  const windowMs = windowSec * 1000;
  const windowStart = new Date(Math.floor(Date.now() / windowMs) * windowMs);
  // Keys may contain e-mail addresses: store a hash only.
  const hashed = crypto.createHash("sha256").update(key).digest("base64url");
  const count = await incrementBucket(hashed, windowStart);
  if (count > limit) {
    const retryAfter = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - Date.now()) / 1000));
    throw new AppError("rate_limited", {
      headers: { "Retry-After": String(retryAfter) },
      details: { retry_after: retryAfter },
    });
  }
}
