import { z } from "zod";
import { testConnection } from "@/lib/connections/test-connection";
import { defineRoute } from "@/lib/http/define-route";
import { assertAccountConnection } from "@/lib/partners/account-header";

export const dynamic = "force-dynamic";

export const POST = defineRoute(
  {
    auth: "any",
    docs: { summary: "Test a connection", headers: ["X-Account-Id"] },
    scopes: ["connections:write"],
    params: z.object({ id: z.string().min(1).max(64) }),
  },
  async ({ ctx, params, req }) => {
    await assertAccountConnection(ctx, req.headers, params.id); // X-Account-Id: only that account's connection
    return testConnection(ctx, params.id);
  },
);
