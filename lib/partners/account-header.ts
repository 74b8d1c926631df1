// Calls on behalf of a connected account: `X-Account-Id: <external_id>` names the partner's end-user.
//  - the provider form of the proxy (/api/v1/proxy/{provider}/…): the account's one connection of that provider;
//    several → 409 listing them, unless Connection-Id names one of them; none → 404.
//  - the connections API (/api/v1/connections/{id}/…): the connection must belong to that account, else 404 —
//    the same body as an unknown connection, so another team's external_id looks exactly like an unknown one.
// Every lookup is under the caller's team: an external_id is only ever unique within one team.
import type { TAuthContext } from "@/lib/actor";
import { AppError, notFound } from "@/lib/errors";
import type { THeaderReader } from "@/lib/header-reader";
import { registerConnectionResolver } from "@/lib/proxy/resolve-target";
import { accountHasConnection, findAccountByExternalId, findAccountConnectionsOf } from "./repo";
import { requirePartnerMode } from "./require-partner-mode";
import { ZExternalId } from "./schemas";

export const ACCOUNT_HEADER = "x-account-id";
const CONNECTION_HEADER = "connection-id";

const noAccount = () =>
  new AppError("not_found", { message: "No connected account with this external id (X-Account-Id)." });

async function accountFor(ctx: TAuthContext, externalId: string) {
  const scope = { teamId: ctx.teamId };
  await requirePartnerMode(scope);
  if (!ZExternalId.safeParse(externalId).success) throw noAccount();
  const account = await findAccountByExternalId(scope, externalId);
  if (!account) throw noAccount();
  if (account.deletingAt)
    throw new AppError("conflict", { message: "This connected account is being deleted." });
  return account;
}

/** The proxy's X-Account-Id resolver (registered below). */
export async function resolveAccountConnection(
  ctx: TAuthContext,
  provider: string,
  externalId: string,
  headers: THeaderReader,
): Promise<string> {
  const account = await accountFor(ctx, externalId);
  const list = await findAccountConnectionsOf({ teamId: ctx.teamId }, account.id, provider);
  const named = headers.get(CONNECTION_HEADER)?.trim();
  if (named) {
    if (!list.some((c) => c.id === named)) throw notFound("Connection");
    return named;
  }
  if (list.length === 0)
    throw new AppError("not_found", {
      message: `This connected account has no ${provider} connection.`,
    });
  if (list.length > 1) {
    throw new AppError("conflict", {
      message: `This connected account has ${String(list.length)} ${provider} connections: name one with the Connection-Id header.`,
      details: { connections: list.map((c) => ({ id: c.id, label: c.label, status: c.status })) },
    });
  }
  return list[0]!.id;
}

/**
 * For /api/v1/connections/{id}/… routes: with X-Account-Id, the connection must be that account's (else the
 * same 404 as an unknown connection). Without the header, nothing changes.
 */
export async function assertAccountConnection(
  ctx: TAuthContext,
  headers: THeaderReader,
  connectionId: string,
) {
  const externalId = headers.get(ACCOUNT_HEADER)?.trim();
  if (externalId === undefined) return;
  await requirePartnerMode({ teamId: ctx.teamId });
  const account = ZExternalId.safeParse(externalId).success
    ? await findAccountByExternalId({ teamId: ctx.teamId }, externalId)
    : null;
  if (!account || !(await accountHasConnection({ teamId: ctx.teamId }, account.id, connectionId)))
    throw notFound("Connection");
}

/**
 * For GET /api/v1/connections (wired at merge): the account X-Account-Id names, as a plain id for an `accountId`
 * filter. undefined: no header (list as usual); null: no such account in the caller's team — another team's
 * external id included — which the caller answers like an account with no connections.
 */
export async function accountIdFromHeader(
  ctx: TAuthContext,
  headers: Headers,
): Promise<string | null | undefined> {
  const externalId = headers.get(ACCOUNT_HEADER)?.trim();
  if (externalId === undefined) return undefined;
  await requirePartnerMode({ teamId: ctx.teamId });
  if (!ZExternalId.safeParse(externalId).success) return null;
  return (await findAccountByExternalId({ teamId: ctx.teamId }, externalId))?.id ?? null;
}

/** Idempotent (a resolver replaces the one for the same header); the proxy routes import this module for it. */
export function registerAccountResolver(): void {
  registerConnectionResolver({
    header: ACCOUNT_HEADER,
    refinedBy: [CONNECTION_HEADER],
    resolve: resolveAccountConnection,
  });
}
registerAccountResolver();
