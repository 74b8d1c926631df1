"use server";

// Server actions of the Webhooks and Events pages (admins only, like the API's webhooks:* scopes).
import { z } from "zod";
import { defineAction } from "@/lib/http/define-action";
import {
  createEndpoint,
  deleteEndpoint,
  listEndpoints,
  rotateEndpointSecret,
  updateEndpoint,
} from "@/lib/events/endpoints";
import { listEvents, replay } from "@/lib/events/event-log";
import {
  ZCreateEndpointInput,
  ZEventQuery,
  ZReplayInput,
  ZRotateInput,
  ZUpdateEndpointInput,
} from "@/lib/events/schemas";
import { sendTestEvent } from "@/lib/events/send-test-event";

const ZId = z.string().min(1).max(64);

export const listEndpointsAction = defineAction({ input: z.object({}), role: "admin" }, (_i, ctx) =>
  listEndpoints(ctx),
);
export const createEndpointAction = defineAction({ input: ZCreateEndpointInput, role: "admin" }, (i, ctx) =>
  createEndpoint(ctx, i),
);
export const updateEndpointAction = defineAction(
  { input: z.object({ id: ZId, changes: ZUpdateEndpointInput }), role: "admin" },
  (i, ctx) => updateEndpoint(ctx, i.id, i.changes),
);
export const rotateEndpointSecretAction = defineAction(
  { input: z.object({ id: ZId }).extend(ZRotateInput.shape), role: "admin" },
  (i, ctx) => rotateEndpointSecret(ctx, i.id, i.overlap_seconds),
);
export const deleteEndpointAction = defineAction({ input: z.object({ id: ZId }), role: "admin" }, (i, ctx) =>
  deleteEndpoint(ctx, i.id),
);
export const sendTestEventAction = defineAction(
  {
    input: z.object({ id: ZId }),
    role: "admin",
    rateLimit: { name: "webhook-test", limit: 30, windowSec: 60 },
  },
  (i, ctx) => sendTestEvent(ctx, i.id),
);
export const listEventsAction = defineAction({ input: ZEventQuery, role: "admin" }, (i, ctx) =>
  listEvents(ctx, i),
);
export const replayAction = defineAction({ input: ZReplayInput, role: "admin" }, (i, ctx) => replay(ctx, i));
