// "The user must reconnect: open …" — the one action an agent cannot take itself. A connection that needs the
// user again (needs_reauth, revoked, an OAuth connection in error) gets a reconnect grant when the key may start
// one (connections:write, as POST /api/v1/connections/{id}/reconnect): the same connection id keeps working once
// the user has signed in, and the agent polls the grant with get_connector_status. Without that scope, or for a
// key-based connection, the answer names the dashboard page where a person can fix it.
import { getConnectionOrThrow } from "@/lib/connections/get-connection";
import { startReconnect } from "@/lib/connections/start-reconnect";
import { env } from "@/lib/env";
import { toAppError } from "@/lib/http/to-error-response";
import type { TMcpContext } from "./context";
import { missingScopes } from "./tool-result";

const NEEDS_USER = new Set(["needs_reauth", "revoked", "error"]);

export type TReconnectAction = {
  message: string;
  reconnect: { grant_id: string; authorization_url: string; expires_at: string } | null;
};

export async function actionFor(
  ctx: TMcpContext,
  connectionId: string,
  status: string,
): Promise<TReconnectAction | null> {
  if (!NEEDS_USER.has(status)) return null;
  const page = `${env().appUrl}/connections/${encodeURIComponent(connectionId)}`;
  const fallback: TReconnectAction = {
    message: `The user must reconnect this ${status} connection: open ${page} and choose Reconnect.`,
    reconnect: null,
  };
  if (missingScopes(ctx, ["connections:write"]).length) return fallback;
  const view = await getConnectionOrThrow(ctx.auth, connectionId);
  if (view.auth_mode !== "oauth2") {
    return {
      message: `The user must give this ${view.provider} connection a new credential: open ${page}.`,
      reconnect: null,
    };
  }
  try {
    const g = await startReconnect(ctx.auth, connectionId, { mode: "api" });
    return {
      message: `The user must reconnect: open ${g.authorization_url} — then poll get_connector_status with grant_id "${g.grant_id}" until it is connected, and retry (the connection id stays ${connectionId}).`,
      reconnect: g,
    };
  } catch (err) {
    // A known refusal (provider gone, member rights) leaves the dashboard route; anything else is a real failure.
    if (toAppError(err)) return fallback;
    throw err;
  }
}
