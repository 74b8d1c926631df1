// Called once a connection has been made from an OAuth grant: a caveat found then (no refresh token although one
// was expected) goes on the connection (its health) and on the grant (its status), and into the log.
import { updateConnectionRow } from "@/lib/connections/repo";
import { log } from "@/lib/log";
import { markGrantWarning, missingRefreshTokenWarning } from "@/lib/connections/refresh-token-expectation";
import type { TTokenSet } from "@/lib/oauth/types";
import type { TProvider } from "@/lib/providers/schemas";

export async function recordConnectWarning(args: {
  grant: { id: string; teamId: string; scopes: string[] };
  connectionId: string;
  provider: TProvider;
  tokens: Pick<TTokenSet, "refreshToken" | "expiresAt">;
}) {
  const warning = missingRefreshTokenWarning(args.provider, args.grant.scopes, args.tokens);
  if (!warning) return null;
  await updateConnectionRow(args.grant.teamId, args.connectionId, {
    warningCode: warning.code,
    warningMessage: warning.message,
  });
  await markGrantWarning(args.grant.id, warning);
  log.warn("connection made without a refresh token", {
    connectionId: args.connectionId,
    provider: args.provider.slug,
    grantId: args.grant.id,
  });
  return warning;
}
