// Retention of hosted connect sessions: a session lives 30 minutes and its outcome is polled shortly after; a day
// past its expiry the row (the account, the redirect URL, the token's HMAC) is deleted by the clean-up job.
import { deleteSessionsExpiredBefore } from "@/lib/connect-sessions/repo";

export const SESSION_KEEP_AFTER_EXPIRY_MS = 24 * 3600_000;

export function pruneExpiredSessions(now = new Date()): Promise<number> {
  return deleteSessionsExpiredBefore(new Date(now.getTime() - SESSION_KEEP_AFTER_EXPIRY_MS));
}
