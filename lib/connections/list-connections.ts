import type { TAuthContext } from "@/lib/actor";
import { findConnections, type TConnectionFilter } from "@/lib/connections/repo";
import {
  toConnectionView,
  type TListConnectionsFilter,
  type TParsedListConnectionsQuery,
} from "@/lib/connections/schemas";
import { connectionScope } from "@/lib/connections/scope";
import { toPage } from "@/lib/pagination";

export function toConnectionFilter(q: TListConnectionsFilter): TConnectionFilter {
  return {
    search: q.q,
    provider: q.provider,
    brandId: q.brand_id,
    status: q.status,
    role: q.role,
    ownerKind: q.owner,
    ownerUserId: q.owner_user_id,
    accountId: q.account_id,
    label: q.label,
    shared: q.shared,
  };
}

/** One page of the connections the caller may see, newest first: `{ data, next_cursor }` (lib/pagination). */
export async function listConnections(ctx: TAuthContext, q: TParsedListConnectionsQuery) {
  const rows = await findConnections(connectionScope(ctx), toConnectionFilter(q), {
    take: q.limit + 1,
    after: q.cursor,
  });
  return toPage(rows, q.limit, toConnectionView);
}
