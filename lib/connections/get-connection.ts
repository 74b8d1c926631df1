import type { TAuthContext } from "@/lib/actor";
import { findConnection, findConnectionEvents } from "@/lib/connections/repo";
import { toConnectionView } from "@/lib/connections/schemas";
import { connectionScope } from "@/lib/connections/scope";
import { notFound } from "@/lib/errors";

export async function getConnectionOrThrow(ctx: TAuthContext, id: string) {
  const row = await findConnection(connectionScope(ctx), id);
  if (!row) throw notFound("Connection");
  return toConnectionView(row);
}

export async function getConnectionEvents(ctx: TAuthContext, id: string) {
  const scope = connectionScope(ctx);
  if (!(await findConnection(scope, id))) throw notFound("Connection");
  const events = await findConnectionEvents(scope, id);
  return events.map((e) => ({
    id: e.id,
    from: e.fromStatus,
    to: e.toStatus,
    reason: e.reason,
    at: e.createdAt.toISOString(),
  }));
}
