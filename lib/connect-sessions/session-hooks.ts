// What the OAuth callback (app/oauth/callback) hands lib/connections so a grant started on a hosted page claims
// or fails its session (lib/connections/connect-session-hooks.ts).
import type { TConnectSessionHooks } from "@/lib/connections/connect-session-hooks";
import { claimSession, failSession } from "@/lib/connect-sessions/repo";

export const CONNECT_SESSION_HOOKS: TConnectSessionHooks = {
  claim: (tx, sessionId, outcome) => claimSession(tx, sessionId, outcome),
  fail: async (sessionId, e) => {
    await failSession(sessionId, { code: e.code, message: e.description, providerSlug: e.providerSlug });
  },
};
