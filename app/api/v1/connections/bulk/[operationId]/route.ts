import { z } from "zod";
import { getBulkOperationOrThrow, ZBulkOperationView } from "@/lib/connections/get-bulk-operation";
import { defineRoute } from "@/lib/http/define-route";

export const dynamic = "force-dynamic";

export const GET = defineRoute(
  {
    auth: "any",
    docs: { summary: "Get a bulk operation" },
    scopes: ["connections:read"],
    params: z.object({ operationId: z.string().min(1).max(64) }),
    output: ZBulkOperationView,
  },
  async ({ ctx, params }) => getBulkOperationOrThrow(ctx, params.operationId),
);
