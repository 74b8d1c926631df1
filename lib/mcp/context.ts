import type { TAuthContext } from "@/lib/actor";
import { ACCOUNT_HEADER } from "@/lib/partners/account-header";

/**
 * What every MCP tool runs as: the API key's authenticated context (team, scopes) and, for partners, the connected
 * account named by `X-Account-Id` on the MCP request. One per HTTP request (the server is stateless).
 */
export type TMcpContext = {
  auth: TAuthContext;
  /** the partner's external id from X-Account-Id, or null when the header was not sent */
  accountExternalId: string | null;
  requestId: string;
  /** aborted when the MCP client goes away */
  signal?: AbortSignal;
};

/**
 * The account header as the REST routes read it (lib/partners/account-header.ts takes Headers), so that a tool and
 * its REST twin apply X-Account-Id through the same function.
 */
export function accountHeaders(ctx: TMcpContext): Headers {
  const h = new Headers();
  if (ctx.accountExternalId !== null) h.set(ACCOUNT_HEADER, ctx.accountExternalId);
  return h;
}
