// Run a tool on a connection: the body is the tool's input, the answer its typed output
// `{ data, partial?, meta }`. Read tools need `tools:run`; a tool that writes at the provider also `tools:write`.
import { z } from "zod";
import { defineRoute } from "@/lib/http/define-route";
import { assertAccountConnection } from "@/lib/partners/account-header";
import { runTool } from "@/lib/tools/run-tool";

export const dynamic = "force-dynamic";

export const POST = defineRoute(
  {
    auth: "any",
    scopes: ["tools:run"],
    params: z.object({ id: z.string().min(1).max(64), name: z.string().min(3).max(100) }),
    body: z.record(z.string(), z.unknown()),
    output: z.object({
      data: z.unknown(),
      partial: z.object({ reason: z.string() }).optional(),
      meta: z.object({
        tool: z.string(),
        connection_id: z.string(),
        provider: z.string(),
        requests: z.number(),
        pages: z.number(),
        ms: z.number(),
      }),
    }),
  },
  async ({ ctx, params, body, req, requestId }) => {
    await assertAccountConnection(ctx, req.headers, params.id);
    return runTool(ctx, params.id, params.name, body, { requestId, signal: req.signal });
  },
);
