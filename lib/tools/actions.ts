"use server";

import { z } from "zod";
import { defineAction } from "@/lib/http/define-action";
import { newRequestId } from "@/lib/http/request-id";
import { runTool } from "./run-tool";

// No role: who may use a connection is decided by runTool (not found otherwise), as for the API.
const ZRunToolInput = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(3).max(100),
  input: z.record(z.string(), z.unknown()),
});

export const runToolAction = defineAction(
  { input: ZRunToolInput, rateLimit: { name: "run-tool", limit: 60, windowSec: 60 } },
  (input, ctx) => runTool(ctx, input.id, input.name, input.input, { requestId: newRequestId() }),
);
