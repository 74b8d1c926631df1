import { z } from "zod";
import { sendTestEvent } from "@/lib/events/send-test-event";
import { defineRoute } from "@/lib/http/define-route";

export const dynamic = "force-dynamic";

/** Sends an endpoint.test event to this endpoint (paused ones too); follow it in /api/v1/events/{event_id}. */
export const POST = defineRoute(
  {
    auth: "any",
    docs: { summary: "Send a test event" },
    role: "admin",
    scopes: ["webhooks:write"],
    params: z.object({ id: z.string().min(1).max(64) }),
    status: 202,
    output: z.object({ event_id: z.string(), delivery_id: z.string() }),
    rateLimit: { limit: 30, windowSec: 60 },
  },
  async ({ ctx, params }) => sendTestEvent(ctx, params.id),
);
