import { z } from "zod";
import { defineRoute } from "@/lib/http/define-route";
import { getConnectionInboundWebhooks } from "@/lib/webhooks/list-connection-events";

export const dynamic = "force-dynamic";
const ZParams = z.object({ id: z.string().min(1).max(64) });

/** The connection's inbound provider events (newest first) and its automatic registration state. */
export const GET = defineRoute(
  {
    auth: "any",
    docs: { summary: "Get a connection's inbound webhooks" },
    scopes: ["connections:read"],
    params: ZParams,
  },
  async ({ ctx, params }) => getConnectionInboundWebhooks(ctx, params.id),
);
