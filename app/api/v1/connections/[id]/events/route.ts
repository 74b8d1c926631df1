import { z } from "zod";
import { getConnectionEvents } from "@/lib/connections/get-connection";
import { defineRoute } from "@/lib/http/define-route";

export const dynamic = "force-dynamic";

export const GET = defineRoute(
  {
    auth: "any",
    docs: { summary: "List a connection's events" },
    scopes: ["connections:read"],
    params: z.object({ id: z.string().min(1).max(64) }),
  },
  async ({ ctx, params }) => ({ data: await getConnectionEvents(ctx, params.id) }),
);
