import { z } from "zod";
import { getEventOrThrow } from "@/lib/events/event-log";
import { ZEventView } from "@/lib/events/schemas";
import { defineRoute } from "@/lib/http/define-route";

export const dynamic = "force-dynamic";

/** One event with every delivery and every attempt (outcome, status, latency). */
export const GET = defineRoute(
  {
    auth: "any",
    docs: { summary: "Get an event" },
    role: "admin",
    scopes: ["webhooks:read"],
    params: z.object({ id: z.string().min(1).max(64) }),
    output: ZEventView,
  },
  async ({ ctx, params }) => getEventOrThrow(ctx, params.id),
);
