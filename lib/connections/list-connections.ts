import type { TAuthContext } from "@/lib/actor";
import { findConnections } from "@/lib/connections/repo";
import { type TListConnectionsQuery, toConnectionView } from "@/lib/connections/schemas";
import { connectionScope } from "@/lib/connections/scope";

export async function listConnections(ctx: TAuthContext, q: TListConnectionsQuery) {
  const { rows, total } = await findConnections(
    connectionScope(ctx),
    {
      provider: q.provider,
      brandId: q.brand_id,
      status: q.status,
      role: q.role,
      ownerUserId: q.owner_user_id,
      shared: q.shared,
    },
    { take: q.limit, skip: q.offset },
  );
  return { data: rows.map(toConnectionView), total, limit: q.limit, offset: q.offset };
}
