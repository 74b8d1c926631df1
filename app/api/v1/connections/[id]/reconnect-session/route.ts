import { z } from "zod";
import { createReconnectSession } from "@/lib/connect-sessions/create-reconnect-session";
import { ZCreatedConnectSession, ZReconnectSessionInput } from "@/lib/connect-sessions/schemas";
import { defineRoute } from "@/lib/http/define-route";

export const dynamic = "force-dynamic";

/**
 * A hosted session that re-authorizes this account-owned OAuth connection in place (same id and settings):
 * { connect_url, session_id, expires_at }.
 */
export const POST = defineRoute(
  {
    auth: "any",
    docs: { summary: "Create a reconnect session" },
    scopes: ["connections:write"],
    params: z.object({ id: z.string().min(1).max(64) }),
    body: ZReconnectSessionInput,
    output: ZCreatedConnectSession,
    status: 201,
  },
  async ({ ctx, params, body }) => createReconnectSession(ctx, params.id, body),
);
