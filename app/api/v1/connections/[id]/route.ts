import { z } from "zod";
import { getConnectionOrThrow } from "@/lib/connections/get-connection";
import { ZConnectionView } from "@/lib/connections/schemas";
import { defineRoute } from "@/lib/http/define-route";

export const dynamic = "force-dynamic";

export const GET = defineRoute(
  {
    auth: "any",
    scopes: ["connections:read"],
    params: z.object({ id: z.string().min(1).max(64) }),
    output: ZConnectionView,
  },
  async ({ ctx, params }) => getConnectionOrThrow(ctx, params.id),
);
