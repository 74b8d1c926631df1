import { createConnectionFromInput } from "@/lib/connections/create-connection-from-input";
import { listConnections } from "@/lib/connections/list-connections";
import { ZConnectionView, ZCreateConnectionInput, ZListConnectionsQuery } from "@/lib/connections/schemas";
import { defineRoute } from "@/lib/http/define-route";
import { ZPageOf } from "@/lib/pagination";

export const dynamic = "force-dynamic";

/** Filters, search (`q`) and `?limit=&cursor=` pages → `{ data, next_cursor }`. */
export const GET = defineRoute(
  {
    auth: "any",
    scopes: ["connections:read"],
    query: ZListConnectionsQuery,
    output: ZPageOf(ZConnectionView),
  },
  async ({ ctx, query }) => listConnections(ctx, query),
);

/** Programmatic creation: an authorization code (+ verifier) or a refresh token obtained elsewhere. */
export const POST = defineRoute(
  {
    auth: "any",
    scopes: ["connections:write"],
    body: ZCreateConnectionInput,
    output: ZConnectionView,
    status: 201,
  },
  async ({ ctx, body }) => createConnectionFromInput(ctx, body),
);
