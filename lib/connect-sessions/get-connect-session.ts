import type { TAuthContext } from "@/lib/actor";
import { findSession } from "@/lib/connect-sessions/repo";
import { toSessionView } from "@/lib/connect-sessions/view";
import { notFound } from "@/lib/errors";

/** Poll a session. Another team's session is not found, exactly as an unknown one. */
export async function getConnectSessionOrThrow(ctx: TAuthContext, id: string) {
  const row = await findSession(ctx.teamId, id);
  if (!row) throw notFound("Connect session");
  return toSessionView(row);
}
