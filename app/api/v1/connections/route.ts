import { createConnectionFromInput } from "@/lib/connections/create-connection-from-input";
import { listConnections } from "@/lib/connections/list-connections";
import { ZConnectionView, ZCreateConnectionInput, ZListConnectionsQuery } from "@/lib/connections/schemas";
import { defineRoute } from "@/lib/http/define-route";
import { ZPageOf } from "@/lib/pagination";
import { accountIdFromHeader } from "@/lib/partners/account-header";

export const dynamic = "force-dynamic";

/**
 * Filters, search (`q`) and `?limit=&cursor=` pages → `{ data, next_cursor }`. With `X-Account-Id` (a partner's
 * external id) only that account's connections; an unknown or another team's external id lists nothing.
 */
export const GET = defineRoute(
  {
    auth: "any",
    docs: { summary: "List connections", headers: ["X-Account-Id"] },
    scopes: ["connections:read"],
    query: ZListConnectionsQuery,
    output: ZPageOf(ZConnectionView),
  },
  async ({ ctx, query, req }) => {
    const accountId = await accountIdFromHeader(ctx, req.headers);
    if (accountId === null) return { data: [], next_cursor: null };
    return listConnections(ctx, accountId === undefined ? query : { ...query, account_id: accountId });
  },
);

/** Programmatic creation: an authorization code (+ verifier) or a refresh token obtained elsewhere. */
export const POST = defineRoute(
  {
    auth: "any",
    docs: { summary: "Create a connection" },
    scopes: ["connections:write"],
    body: ZCreateConnectionInput,
    output: ZConnectionView,
    status: 201,
  },
  async ({ ctx, body }) => createConnectionFromInput(ctx, body),
);
