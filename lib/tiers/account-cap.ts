// The tier's cap on connected accounts, checked inside the transaction that creates an account (lib/partners'
// createAccount calls this before its insert). The team row is locked FOR UPDATE first, so two creations racing
// in one team count one after the other and the cap holds exactly; the lock is the transaction's and ends with it.
// Accounts being deleted (deletingAt set) no longer count. The limit is read in the transaction, not from the
// hot-path cache: a superuser's change applies to the very next creation.
import type { TTx } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { AccountLimitReached } from "@/lib/tiers/errors";
import { lockTeamAccountCapacity } from "@/lib/tiers/repo";

/** Throws AccountLimitReached (402 account_limit_reached, details: limit, current) when no account may be added. */
export async function assertAccountCapacity(tx: TTx, teamId: string): Promise<void> {
  const cap = await lockTeamAccountCapacity(tx, { teamId });
  if (!cap) throw notFound("Team");
  if (cap.maxAccounts !== null && cap.current >= cap.maxAccounts)
    throw new AccountLimitReached({ tier: cap.tierId, limit: cap.maxAccounts, current: cap.current });
}
