import { defineRoute } from "@/lib/http/define-route";
import { handleWebhookGet, handleWebhookRequest, ZWebhookParams } from "@/lib/webhooks/webhook-response";

export const dynamic = "force-dynamic";

/** Inbound provider webhooks for the instance's provider app (signature verified over the raw body). */
export const POST = defineRoute(
  {
    auth: "public",
    docs: {
      summary: "Receive a provider webhook",
      responses: { 200: { description: "Received (or the answer the provider expects)." } },
    },
    params: ZWebhookParams.omit({ source: true }),
    rateLimit: false,
  },
  async ({ req, params }) => handleWebhookRequest(req, params),
);

/** A provider's challenge (Meta's hub.challenge, X's CRC, LinkedIn's challengeCode): proves the secret, stores nothing. */
export const GET = defineRoute(
  {
    auth: "public",
    docs: {
      summary: "Answer a provider's webhook challenge",
      responses: {
        200: { description: "The challenge answer the provider expects (JSON or text).", contentType: "*/*" },
      },
    },
    params: ZWebhookParams.omit({ source: true }),
    rateLimit: false,
  },
  async ({ req, params }) => handleWebhookGet(req, params),
);
