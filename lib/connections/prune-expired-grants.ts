// Retention of OAuth grants: a grant lives 10 minutes (its authorization URL, PKCE verifier, state binding) and its
// outcome is polled shortly after; a day past its expiry nobody asks any more, and the row (which holds a sealed
// code_verifier and the caller's context) is deleted by the clean-up job (lib/jobs/retention.ts).
import { deleteGrantsExpiredBefore } from "@/lib/connections/grant-repo";

export const GRANT_KEEP_AFTER_EXPIRY_MS = 24 * 3600_000;

export function pruneExpiredGrants(now = new Date()): Promise<number> {
  return deleteGrantsExpiredBefore(new Date(now.getTime() - GRANT_KEEP_AFTER_EXPIRY_MS));
}
