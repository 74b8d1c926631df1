import { z } from "zod";
import { listEvents } from "@/lib/events/event-log";
import { ZEventQuery, ZEventView } from "@/lib/events/schemas";
import { defineRoute } from "@/lib/http/define-route";

export const dynamic = "force-dynamic";

/** Newest first, `?limit=&cursor=` → `{ data, next_cursor }`; filters: type, connection_id, brand_id, endpoint_id, delivery_status (dead = dead letters). */
export const GET = defineRoute(
  {
    auth: "any",
    docs: { summary: "List events" },
    role: "admin",
    scopes: ["webhooks:read"],
    query: ZEventQuery,
    output: z.object({
      data: z.array(ZEventView),
      next_cursor: z.string().nullable(),
      next_before: z.string().nullable(),
      dead_letters: z.number(),
    }),
  },
  async ({ ctx, query }) => listEvents(ctx, query),
);
