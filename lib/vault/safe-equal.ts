import crypto from "node:crypto";

/**
 * Constant-time string comparison for secrets and MACs (browser binding, provider signatures). Both sides are
 * hashed first so that neither the content nor the length of the expected value leaks through timing; a missing
 * value never equals anything.
 */
export function safeEqual(a: string | null | undefined, b: string | null | undefined): boolean {
  if (typeof a !== "string" || typeof b !== "string") return false;
  const ha = crypto.createHash("sha256").update(a, "utf8").digest();
  const hb = crypto.createHash("sha256").update(b, "utf8").digest();
  return crypto.timingSafeEqual(ha, hb);
}
