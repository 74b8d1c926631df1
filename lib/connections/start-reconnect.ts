// Reconnect: the connect flow again, into the SAME connection. Callers store a connection's id, so a connection
// that needs the user again (needs_reauth, error, a token about to expire, a custom provider whose definition
// changed) is re-authorized in place: same id, label, settings, roles, context, brand and owner. The grant carries
// the target's id; complete-grant.ts then swaps the new tokens in (reconnect-connection.ts) instead of creating a
// row. Only OAuth connections reconnect this way (key connections are re-created with their new key).
import { z } from "zod";
import type { TAuthContext } from "@/lib/actor";
import { assertCanManage } from "@/lib/connections/can-manage";
import { findConnection, type TConnectionRow } from "@/lib/connections/repo";
import type { TPlacement } from "@/lib/connections/resolve-placement";
import { connectionScope, type TConnectionScope } from "@/lib/connections/scope";
import { startGrant } from "@/lib/connections/start-grant";
import { AppError, notFound } from "@/lib/errors";
import { stringRecord } from "@/lib/json-record";
import { getProviderForTeam } from "@/lib/providers/get-provider-for-team";

export const ZReconnectInput = z
  .object({
    /** Scopes to ask for this time; default: the provider's default scopes. */
    scopes: z.array(z.string().min(1).max(200)).max(50).optional(),
    return_to: z.url().max(2000).optional(),
    mode: z.enum(["popup", "redirect", "api"]).default("api"),
  })
  .strict();
export type TReconnectInput = z.infer<typeof ZReconnectInput>;

export async function startReconnect(ctx: TAuthContext, connectionId: string, input: TReconnectInput) {
  const { row, params } = await loadReconnectTarget(connectionScope(ctx), connectionId, (r) =>
    assertCanManage(ctx, r),
  );
  return startGrant(
    ctx,
    row.providerSlug,
    {
      params,
      scopes: input.scopes,
      return_to: input.return_to,
      mode: input.mode,
      context: {},
      label: row.label ?? undefined,
    },
    { connectionId: row.id, placement: placementOf(row) },
  );
}

/** Where a reconnect grant puts the tokens: the connection's own brand and owner (account included). */
export const placementOf = (row: TConnectionRow): TPlacement => ({
  brandId: row.brandId,
  ownerKind: row.ownerKind,
  ownerUserId: row.ownerUserId,
  accountId: row.accountId,
});

/**
 * The connection to reconnect and the parameters its sign-in URL needs again. Also used by hosted reconnect
 * sessions (lib/connect-sessions). `check` runs after visibility (another team's connection is not found) and
 * before the rest, as callers have always seen.
 */
export async function loadReconnectTarget(
  scope: TConnectionScope,
  connectionId: string,
  check?: (row: TConnectionRow) => void,
) {
  // Visibility first: another team's (or another member's private) connection is not found.
  const row = await findConnection(scope, connectionId);
  if (!row) throw notFound("Connection");
  check?.(row);
  if (row.authMode !== "oauth2")
    throw new AppError("bad_request", {
      message: "Only OAuth connections reconnect through a sign-in; connect a new key instead.",
    });
  const provider = await getProviderForTeam(row.teamId, row.providerSlug);
  if (!provider?.oauth2) throw new AppError("conflict", { message: "This provider is no longer available." });
  // The connection's own parameters (shop, subdomain …) go into the sign-in URL again; derived values stay put.
  const stored = stringRecord(row.params);
  const params: Record<string, string> = {};
  for (const p of provider.connectionParams) {
    const v = stored[p.name];
    if (v) params[p.name] = v;
  }
  return { row, params };
}
