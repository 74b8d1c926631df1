import { ZBulkOperationInput, ZBulkOperationView } from "@/lib/connections/get-bulk-operation";
import { startBulkOperation } from "@/lib/connections/start-bulk-operation";
import { defineRoute } from "@/lib/http/define-route";

export const dynamic = "force-dynamic";

/** `{ action: test|refresh|disable|enable|disconnect, connection_ids: [≤ 500] }` → 202 and the operation's progress. */
export const POST = defineRoute(
  {
    auth: "any",
    docs: { summary: "Start a bulk operation" },
    scopes: ["connections:write"],
    body: ZBulkOperationInput,
    output: ZBulkOperationView,
    status: 202,
  },
  async ({ ctx, body }) => startBulkOperation(ctx, body),
);
