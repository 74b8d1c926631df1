"use server";

import { z } from "zod";
import { defineAction } from "@/lib/http/define-action";
import { newRequestId } from "@/lib/http/request-id";
import { sendConsoleRequest } from "@/lib/proxy/console-request";

// No role: who may use a connection is decided by the proxy core (not found otherwise), as for the API.
const ZConsoleInput = z.object({
  id: z.string().min(1).max(64),
  path: z.string().min(1).max(2048),
});

export const sendConsoleRequestAction = defineAction(
  { input: ZConsoleInput, rateLimit: { name: "api-console", limit: 60, windowSec: 60 } },
  (input, ctx) => sendConsoleRequest(ctx, input.id, input.path, newRequestId()),
);
