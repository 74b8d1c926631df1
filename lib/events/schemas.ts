import { pageQueryFields } from "@/lib/pagination";
import { z } from "zod";
import { EVENT_TYPES } from "./event-types";
import type { TEndpointRow, TEventRow } from "./repo";

const FANOUT_TYPES = EVENT_TYPES.filter((t) => t !== "endpoint.test") as [string, ...string[]];

export const ZCreateEndpointInput = z
  .object({
    url: z.string().trim().min(1).max(2000),
    description: z.string().trim().max(200).nullable().optional(),
    /** Empty or omitted: every event type. */
    event_types: z.array(z.enum(FANOUT_TYPES)).max(FANOUT_TYPES.length).optional(),
    /** Empty or omitted: every brand. */
    brand_ids: z.array(z.string().min(1).max(64)).max(100).optional(),
  })
  .strict();
export type TCreateEndpointInput = z.infer<typeof ZCreateEndpointInput>;

export const ZUpdateEndpointInput = z
  .object({
    url: z.string().trim().min(1).max(2000).optional(),
    description: z.string().trim().max(200).nullable().optional(),
    event_types: z.array(z.enum(FANOUT_TYPES)).max(FANOUT_TYPES.length).optional(),
    brand_ids: z.array(z.string().min(1).max(64)).max(100).optional(),
    /** false pauses (no new deliveries, pending ones wait); true resumes (pending ones are sent). */
    enabled: z.boolean().optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, "Send at least one field to change");
export type TUpdateEndpointInput = z.infer<typeof ZUpdateEndpointInput>;

export const ZRotateInput = z
  .object({
    /** How long the old secret keeps signing alongside the new one. Default 24 h; 0 ends it now. */
    overlap_seconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 86_400)
      .default(86_400),
  })
  .strict();

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const ZEndpointView = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string().nullable(),
  event_types: z.array(z.string()),
  brand_ids: z.array(z.string()),
  status: z.enum(["active", "paused"]),
  paused_reason: z.string().nullable(),
  paused_at: z.string().nullable(),
  previous_secret_expires_at: z.string().nullable(),
  secret_rotated_at: z.string().nullable(),
  dead_letters_in_a_row: z.number(),
  last_success_at: z.string().nullable(),
  last_failure_at: z.string().nullable(),
  created_at: z.string(),
});
export type TEndpointView = z.infer<typeof ZEndpointView>;

export function toEndpointView(e: TEndpointRow): TEndpointView {
  const overlap =
    e.previousSecretExpiresAt && e.previousSecretExpiresAt > new Date() ? e.previousSecretExpiresAt : null;
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    event_types: e.eventTypes,
    brand_ids: e.brandIds,
    status: e.status,
    paused_reason: e.pausedReason,
    paused_at: iso(e.pausedAt),
    previous_secret_expires_at: iso(overlap),
    secret_rotated_at: iso(e.secretRotatedAt),
    dead_letters_in_a_row: e.consecutiveDeadLetters,
    last_success_at: iso(e.lastSuccessAt),
    last_failure_at: iso(e.lastFailureAt),
    created_at: e.createdAt.toISOString(),
  };
}

export const ZAttemptView = z.object({
  attempt: z.number(),
  started_at: z.string(),
  duration_ms: z.number(),
  outcome: z.string(),
  status_code: z.number().nullable(),
  error: z.string().nullable(),
  response_excerpt: z.string().nullable(),
  next_attempt_at: z.string().nullable(),
});

export const ZDeliveryView = z.object({
  id: z.string(),
  endpoint_id: z.string(),
  endpoint_url: z.string(),
  status: z.enum(["pending", "delivered", "dead", "canceled"]),
  origin: z.string().nullable(),
  attempts: z.number(),
  next_attempt_at: z.string().nullable(),
  last_status: z.number().nullable(),
  last_error: z.string().nullable(),
  delivered_at: z.string().nullable(),
  dead_at: z.string().nullable(),
  created_at: z.string(),
  attempt_log: z.array(ZAttemptView),
});
export type TDeliveryView = z.infer<typeof ZDeliveryView>;

export const ZEventView = z.object({
  id: z.string(),
  type: z.string(),
  brand_id: z.string().nullable(),
  connection_id: z.string().nullable(),
  data: z.unknown(),
  created_at: z.string(),
  deliveries: z.array(ZDeliveryView),
});
export type TEventView = z.infer<typeof ZEventView>;

export function toEventView(e: TEventRow): TEventView {
  return {
    id: e.id,
    type: e.type,
    brand_id: e.brandId,
    connection_id: e.connectionId,
    data: e.data,
    created_at: e.createdAt.toISOString(),
    deliveries: e.deliveries.map((d) => ({
      id: d.id,
      endpoint_id: d.endpointId,
      endpoint_url: d.endpoint.url,
      status: d.status,
      origin: d.origin,
      attempts: d.attempts,
      next_attempt_at: iso(d.nextAttemptAt),
      last_status: d.lastStatus,
      last_error: d.lastError,
      delivered_at: iso(d.deliveredAt),
      dead_at: iso(d.deadAt),
      created_at: d.createdAt.toISOString(),
      attempt_log: d.attemptLog.map((a) => ({
        attempt: a.attempt,
        started_at: a.startedAt.toISOString(),
        duration_ms: a.durationMs,
        outcome: a.outcome,
        status_code: a.statusCode,
        error: a.error,
        response_excerpt: a.responseExcerpt,
        next_attempt_at: iso(a.nextAttemptAt),
      })),
    })),
  };
}

export const ZEventQuery = z
  .object({
    type: z.enum(EVENT_TYPES).optional(),
    connection_id: z.string().min(1).max(64).optional(),
    brand_id: z.string().min(1).max(64).optional(),
    endpoint_id: z.string().min(1).max(64).optional(),
    delivery_status: z.enum(["pending", "delivered", "dead", "canceled"]).optional(),
    /** Deprecated (use `cursor`): ISO time, events created before it. */
    before: z.iso.datetime().optional(),
    ...pageQueryFields(),
  })
  .strict();
export type TEventQuery = z.infer<typeof ZEventQuery>;

export const ZReplayInput = z
  .object({
    /** Replay these deliveries (each to its own endpoint)… */
    delivery_ids: z.array(z.string().min(1).max(64)).max(100).optional(),
    /** …or these events to every endpoint that had a delivery of them (or to `endpoint_id` only). */
    event_ids: z.array(z.string().min(1).max(64)).max(100).optional(),
    endpoint_id: z.string().min(1).max(64).optional(),
  })
  .strict()
  .refine(
    (v) => (v.delivery_ids?.length ?? 0) + (v.event_ids?.length ?? 0) > 0,
    "Name at least one delivery or event",
  );
export type TReplayInput = z.infer<typeof ZReplayInput>;
