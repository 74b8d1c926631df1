import { z } from "zod";
import { getConnectSessionOrThrow } from "@/lib/connect-sessions/get-connect-session";
import { ZConnectSessionView } from "@/lib/connect-sessions/schemas";
import { defineRoute } from "@/lib/http/define-route";

export const dynamic = "force-dynamic";

/** Poll: pending / connected (+ connection_id) / failed (+ error) / expired. */
export const GET = defineRoute(
  {
    auth: "any",
    docs: { summary: "Get a connect session" },
    scopes: ["connections:read"],
    params: z.object({ id: z.string().min(1).max(64) }),
    output: ZConnectSessionView,
  },
  async ({ ctx, params }) => getConnectSessionOrThrow(ctx, params.id),
);
