import { z } from "zod";
import { defineRoute } from "@/lib/http/define-route";
import { getGrantStatus } from "@/lib/connections/get-grant-status";
import { ZGrantStatus } from "@/lib/connections/grant-schemas";

export const dynamic = "force-dynamic";

export const GET = defineRoute(
  {
    auth: "any",
    docs: { summary: "Get a grant" },
    scopes: ["connections:read"],
    params: z.object({ grantId: z.string().min(1).max(64) }),
    output: ZGrantStatus,
  },
  async ({ ctx, params }) => getGrantStatus(ctx, params.grantId),
);
