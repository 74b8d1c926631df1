// The internal way to use a connection's credentials (the proxy, tools, tests): visibility-checked, usable
// statuses only, and refreshed first when the access token is expired or about to be.
import type { TAuthContext } from "@/lib/actor";
import type { TCredentials } from "@/lib/connections/credentials";
import { ConnectionNotUsable } from "@/lib/connections/errors";
import { findConnection } from "@/lib/connections/repo";
import { refreshConnection, type TRefreshHooks } from "@/lib/connections/refresh-connection";
import { connectionScope } from "@/lib/connections/scope";
import { notFound } from "@/lib/errors";

export const DEFAULT_MIN_VALIDITY_MS = 60_000;

/** Throws ConnectionNotUsable for disabled / needs_reauth / revoked connections, and refresh failures as typed. */
export async function getCredentials(
  ctx: TAuthContext,
  id: string,
  opts: { minValidityMs?: number; hooks?: TRefreshHooks } = {},
): Promise<{ credentials: TCredentials; params: Record<string, unknown>; provider: string }> {
  const row = await findConnection(connectionScope(ctx), id);
  if (!row) throw notFound("Connection");
  if (row.status === "disabled")
    throw new ConnectionNotUsable(row.status, "The connection is disabled; enable it first.");
  if (row.status === "needs_reauth" || row.status === "revoked") {
    throw new ConnectionNotUsable(
      row.status,
      `The connection must be reconnected (${row.status}).`,
      row.lastErrorCode ?? undefined,
    );
  }
  const { credentials } = await refreshConnection(row.teamId, row.id, {
    minValidityMs: opts.minValidityMs ?? DEFAULT_MIN_VALIDITY_MS,
    hooks: opts.hooks,
  });
  return { credentials, params: row.params as Record<string, unknown>, provider: row.providerSlug };
}
