import { z } from "zod";
import { ZStartGrantOutput } from "@/lib/connections/grant-schemas";
import { startReconnect, ZReconnectInput } from "@/lib/connections/start-reconnect";
import { defineRoute } from "@/lib/http/define-route";

export const dynamic = "force-dynamic";

/**
 * Reconnect an OAuth connection in place: { grant_id, authorization_url, expires_at }, as POST /connect/{provider}.
 * Once the user signs in, the same connection (same id, label, settings, roles) holds the new credentials.
 */
export const POST = defineRoute(
  {
    auth: "any",
    docs: { summary: "Reconnect a connection", errors: ["conflict"] },
    scopes: ["connections:write"],
    params: z.object({ id: z.string().min(1).max(64) }),
    body: ZReconnectInput,
    output: ZStartGrantOutput,
    status: 201,
  },
  async ({ ctx, params, body }) => startReconnect(ctx, params.id, body),
);
