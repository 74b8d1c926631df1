// The session's outcome by its token, for the partner's own page: when the provider's Cross-Origin-Opener-Policy
// cuts the popup off from its opener, polling this is how <ConnectButton> learns the result. The token is the
// only authority (the same one the hosted page runs on, and already in the connect_url the partner's page holds);
// a malformed or unknown token is not found without saying which. The caller may read the answer cross-origin
// only from the session's redirect origin — allow-listed by the partner when the session was made.
import { findSessionByTokenHash } from "@/lib/connect-sessions/repo";
import { connectSessionInProgress } from "@/lib/connections/get-grant-status";
import type { TPublicSessionStatus } from "@/lib/connect-sessions/schemas";
import { hashSessionToken, looksLikeSessionToken } from "@/lib/connect-sessions/token";
import { sessionStatus } from "@/lib/connect-sessions/view";
import { AppError } from "@/lib/errors";

export async function getPublicSessionStatus(
  token: string,
): Promise<{ status: TPublicSessionStatus; corsOrigin: string }> {
  const s = looksLikeSessionToken(token) ? await findSessionByTokenHash(hashSessionToken(token)) : null;
  if (!s) throw new AppError("not_found", { message: "This connect link is not valid." });
  const status = sessionStatus(s);
  return {
    status: {
      status,
      provider: s.providerSlug,
      connection_id: s.connectionId,
      error: s.errorCode ? { code: s.errorCode, message: s.errorMessage } : null,
      in_progress: status === "pending" && (await connectSessionInProgress(s.teamId, s.id)),
      expires_at: s.expiresAt.toISOString(),
    },
    corsOrigin: new URL(s.redirectUrl).origin,
  };
}
