"use server";

import { z } from "zod";
import { disconnectWithWebhooks } from "@/lib/webhooks/disconnect-with-webhooks";
import { getConnectionEvents, getConnectionOrThrow } from "@/lib/connections/get-connection";
import { updateConnection, ZUpdateConnectionInput } from "@/lib/connections/manage-connection";
import { refreshNow } from "@/lib/connections/refresh-now";
import { testConnection } from "@/lib/connections/test-connection";
import { defineAction } from "@/lib/http/define-action";
import { getBulkOperationOrThrow, ZBulkOperationInput } from "@/lib/connections/get-bulk-operation";
import { startBulkOperation } from "@/lib/connections/start-bulk-operation";

// No role: who may see or change a connection is decided by the domain functions (not found otherwise).
const ZId = z.object({ id: z.string().min(1).max(64) });

export const getConnectionDetailAction = defineAction({ input: ZId }, async (input, ctx) => {
  const [connection, events] = await Promise.all([
    getConnectionOrThrow(ctx, input.id),
    getConnectionEvents(ctx, input.id),
  ]);
  return { connection, events };
});

export const updateConnectionAction = defineAction(
  { input: ZId.extend({ changes: ZUpdateConnectionInput }) },
  (input, ctx) => updateConnection(ctx, input.id, input.changes),
);

export const testConnectionAction = defineAction(
  { input: ZId, rateLimit: { name: "test-connection", limit: 30, windowSec: 60 } },
  (input, ctx) => testConnection(ctx, input.id),
);

export const refreshConnectionAction = defineAction(
  { input: ZId, rateLimit: { name: "refresh-connection", limit: 20, windowSec: 60 } },
  (input, ctx) => refreshNow(ctx, input.id),
);

export const disconnectConnectionAction = defineAction({ input: ZId }, (input, ctx) =>
  disconnectWithWebhooks(ctx, input.id),
);

export const startBulkOperationAction = defineAction(
  { input: ZBulkOperationInput, rateLimit: { name: "bulk-connections", limit: 30, windowSec: 60 } },
  (input, ctx) => startBulkOperation(ctx, input),
);

export const getBulkOperationAction = defineAction(
  { input: z.object({ id: z.string().min(1).max(64) }) },
  (input, ctx) => getBulkOperationOrThrow(ctx, input.id),
);
