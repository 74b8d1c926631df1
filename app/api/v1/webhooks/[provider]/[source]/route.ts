import { defineRoute } from "@/lib/http/define-route";
import { handleWebhookRequest, ZWebhookParams } from "@/lib/webhooks/webhook-response";

export const dynamic = "force-dynamic";

/** Inbound provider webhooks for a team's provider app, or one connection's automatically registered endpoint. */
export const POST = defineRoute(
  { auth: "public", params: ZWebhookParams.required({ source: true }), rateLimit: false },
  async ({ req, params }) => handleWebhookRequest(req, params),
);
