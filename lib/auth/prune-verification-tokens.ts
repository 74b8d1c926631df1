// Retention of e-mail verification tokens: a week past its expiry a link is still answered "expired" (so a
// late click gets a clear message); after that the row is deleted and the link reads as unknown.
import { deleteVerificationTokensExpiredBefore } from "@/lib/auth/repo";

export function pruneVerificationTokens(now = new Date()): Promise<number> {
  return deleteVerificationTokensExpiredBefore(new Date(now.getTime() - 7 * 24 * 3600_000));
}
