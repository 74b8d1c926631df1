import { z } from "zod";
import { defineRoute } from "@/lib/http/define-route";
import { requestWebhookSync } from "@/lib/webhooks/request-sync";

export const dynamic = "force-dynamic";
const ZParams = z.object({ id: z.string().min(1).max(64) });

/** Queue a webhook sync (routing + automatic registration) for the connection now. */
export const POST = defineRoute(
  {
    auth: "any",
    docs: { summary: "Sync a connection's inbound webhooks" },
    scopes: ["connections:write"],
    params: ZParams,
    status: 202,
  },
  async ({ ctx, params }) => requestWebhookSync(ctx, params.id),
);
