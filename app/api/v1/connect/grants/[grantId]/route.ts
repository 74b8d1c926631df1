import { z } from "zod";
import { defineRoute } from "@/lib/http/define-route";
import { getGrantStatus } from "@/lib/oauth/get-grant-status";
import { ZGrantStatus } from "@/lib/oauth/schemas";

export const dynamic = "force-dynamic";

export const GET = defineRoute(
  {
    auth: "any",
    scopes: ["connections:read"],
    params: z.object({ grantId: z.string().min(1).max(64) }),
    output: ZGrantStatus,
  },
  async ({ ctx, params }) => getGrantStatus(ctx, params.grantId),
);
