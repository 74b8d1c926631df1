import { z } from "zod";
import { replay } from "@/lib/events/event-log";
import { ZReplayInput } from "@/lib/events/schemas";
import { defineRoute } from "@/lib/http/define-route";

export const dynamic = "force-dynamic";

/** Replays deliveries (to their endpoint) or events (to every endpoint that had them, or endpoint_id). */
export const POST = defineRoute(
  {
    auth: "any",
    docs: { summary: "Replay events" },
    role: "admin",
    scopes: ["webhooks:write"],
    body: ZReplayInput,
    status: 202,
    output: z.object({
      replayed: z.array(z.object({ delivery_id: z.string(), event_id: z.string(), endpoint_id: z.string() })),
    }),
    rateLimit: { limit: 60, windowSec: 60 },
  },
  async ({ ctx, body }) => replay(ctx, body),
);
