// Hosted connect sessions (lib/connect-sessions, a layer above this one) make connections through the ordinary
// grant and credential paths. They hook in here, and only here: the session is claimed INSIDE the transaction that
// stores its connection (so a session makes at most one, and a used or expired session makes none — the claim
// fails, ClaimRefused rolls the connection back), and a failed sign-in fails the session.
import type { TTx } from "@/lib/db";

/** Runs in the storing transaction; false = the session is no longer pending (used, failed or expired). */
export type TClaimConnectSession = (
  tx: TTx,
  sessionId: string,
  outcome: { connectionId: string; providerSlug: string },
) => Promise<boolean>;

export type TConnectSessionHooks = {
  claim: TClaimConnectSession;
  fail: (sessionId: string, error: { code: string; description: string; providerSlug: string }) => Promise<void>;
};

/** Thrown inside the transaction when the claim fails, so nothing it wrote is kept. */
export class ClaimRefused extends Error {
  constructor() {
    super("the connect session is no longer pending");
    this.name = "ClaimRefused";
  }
}
