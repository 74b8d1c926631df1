// The end of a reconnect (start-reconnect.ts): the callback exchanged the code as for any grant; here the new
// tokens go into the grant's target connection instead of a new row — in ONE short transaction that locks the
// connection, checks it is still the grant's (team, brand, provider) and still the same account, writes the
// sealed credentials, clears the health fields and the refresh lease, re-pins a custom provider to its current
// definition, and marks the grant connected. A crash before the commit leaves the old credentials and a failed
// grant (complete-grant.ts fails a claimed grant on any throw); after it, the connection is fully reconnected.
//
// Account identity: a reconnect that signs in as ANOTHER account (both identities carry an id and they differ)
// is refused, and nothing is stored: callers that kept the id would otherwise silently act as someone else. To
// use the other account, connect it as a new connection. (When the provider tells no account id, there is
// nothing to compare and the reconnect proceeds.)
import { recordAudit } from "@/lib/audit/record-audit";
import type { TAuthContext } from "@/lib/actor";
import { sealCredentials } from "@/lib/connections/credentials";
import { finishGrant, transaction } from "@/lib/connections/grant-repo";
import { pinOf } from "@/lib/connections/load-provider-for-connection";
import { reauthorizeConnectionRow } from "@/lib/connections/repo";
import { tokenSetToConnection } from "@/lib/connections/token-set-to-connection";
import type { TTokenSet } from "@/lib/oauth/types";
import type { TOAuthApp } from "@/lib/providers/app-types";
import type { TProvider } from "@/lib/providers/schemas";
import type { TTx } from "@/lib/db";
import { ClaimRefused } from "@/lib/connections/connect-session-hooks";

type TReconnectGrant = {
  id: string;
  teamId: string;
  brandId: string;
  ownerUserId: string | null;
  sessionId: string | null;
  scopes: string[];
  targetConnectionId: string;
};

export type TReconnectOutcome =
  | { ok: true; connectionId: string }
  | { ok: false; code: "connection_gone" | "account_mismatch" | "session_used"; description: string };

export async function storeReconnect(args: {
  grant: TReconnectGrant;
  provider: TProvider;
  app: Pick<TOAuthApp, "id">;
  tokens: TTokenSet;
  params: Record<string, string>;
  /** a hosted reconnect session: claimed in the same transaction (connect-session-hooks.ts) */
  claim?: (tx: TTx, connectionId: string) => Promise<boolean>;
}): Promise<TReconnectOutcome> {
  const { grant, provider, app, tokens } = args;
  const id = grant.targetConnectionId;
  const fields = tokenSetToConnection(tokens, args.params, grant.scopes);
  const now = new Date();
  const store = () => transaction(async (tx) => {
    const r = await reauthorizeConnectionRow(
      tx,
      { teamId: grant.teamId, id, brandId: grant.brandId, providerSlug: provider.slug },
      tokens.identity.id,
      {
        credentialsSealed: sealCredentials(id, fields.credentials),
        accountIdentity: fields.accountIdentity,
        params: fields.params,
        metadata: fields.metadata,
        scopes: fields.scopes,
        tokenExpiresAt: fields.tokenExpiresAt,
        refreshTokenExpiresAt: fields.refreshTokenExpiresAt,
        lastAuthorizedAt: now,
        lastRefreshedAt: null,
        lastErrorCode: null,
        lastErrorMessage: null,
        warningCode: null,
        warningMessage: null,
        refreshFailures: 0,
        refreshRetryAfter: null,
        ...pinOf(provider, app),
      },
      "reconnected",
    );
    if (r.outcome === "updated") {
      if (args.claim && !(await args.claim(tx, id))) throw new ClaimRefused();
      await finishGrant(grant.id, { status: "connected", connectionId: id }, tx);
    }
    return r;
  });
  let result;
  try {
    result = await store();
  } catch (err) {
    if (err instanceof ClaimRefused)
      return {
        ok: false,
        code: "session_used",
        description: "This connect link was already used or has expired, so nothing was changed.",
      };
    throw err;
  }
  const actor: TAuthContext["actor"] | null = grant.ownerUserId
    ? { kind: "user", userId: grant.ownerUserId, sessionId: grant.sessionId ?? "", isSuperuser: false }
    : null;
  if (result.outcome === "gone")
    return {
      ok: false,
      code: "connection_gone",
      description: "The connection to reconnect was disconnected meanwhile. Connect the account anew.",
    };
  if (result.outcome === "identity_mismatch") {
    await recordAudit(
      { teamId: grant.teamId, actor },
      "connection.reconnect_refused",
      { type: "connection", id },
      { provider: provider.slug, grant: grant.id, reason: "account_mismatch" },
    );
    return {
      ok: false,
      code: "account_mismatch",
      description:
        "You signed in as a different account than this connection uses, so nothing was changed. " +
        "Sign in as the same account, or connect the other account as a new connection.",
    };
  }
  await recordAudit(
    { teamId: grant.teamId, actor },
    "connection.reconnected",
    { type: "connection", id },
    { provider: provider.slug, via: "oauth2", grant: grant.id, previous_status: result.previousStatus },
  );
  return { ok: true, connectionId: id };
}
