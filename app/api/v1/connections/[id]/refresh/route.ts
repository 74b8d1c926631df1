import { z } from "zod";
import { refreshNow } from "@/lib/connections/refresh-now";
import { ZConnectionView } from "@/lib/connections/schemas";
import { defineRoute } from "@/lib/http/define-route";

export const dynamic = "force-dynamic";

export const POST = defineRoute(
  {
    auth: "any",
    docs: { summary: "Refresh a connection's token" },
    scopes: ["connections:write"],
    params: z.object({ id: z.string().min(1).max(64) }),
    output: ZConnectionView,
  },
  async ({ ctx, params }) => refreshNow(ctx, params.id),
);
