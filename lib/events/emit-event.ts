// emitEvent — the outbox. Called INSIDE the transaction of the change it reports (a connection's status change,
// its creation or deletion, an inbound provider webhook …): the Event row, one Delivery row per subscribed
// endpoint and one queue job per delivery are written with that change, so they commit or roll back together. A
// process killed right after the commit loses nothing — the jobs are in pgboss.job and any instance sends them;
// a change that rolls back never announces itself.
//
// Stable signature (lib/connections and lib/webhooks call it):
//   emitEvent(tx, { teamId, brandId?, connectionId?, type, data }) → { id } (null: not recorded, see below)
// `data` is the event's payload as receivers see it under "data": ids, names, statuses, error codes — never a
// secret or a token. Endpoints match on type (empty filter = all) and brand (empty filter = all brands; an
// event without a brand goes only to endpoints without a brand filter). Paused endpoints get no new deliveries.
import crypto from "node:crypto";
import type { TTx } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";
import { enqueue, enqueueMany, prepareQueue, queueReady } from "@/lib/queue/queue";
import type { TEventType } from "./event-types";
import { DELIVER_JOB } from "./job-types";
import { findSubscribedEndpoints, insertDeliveries, insertEvent, newDeliveryId } from "./repo";

export type TEmitEvent = {
  teamId: string;
  brandId?: string | null;
  connectionId?: string | null;
  type: Exclude<TEventType, "endpoint.test">;
  data: Prisma.InputJsonObject;
};

export const newEventId = () => `evt_${crypto.randomBytes(12).toString("base64url")}`;

/**
 * Types recorded only when some endpoint subscribes to them. connection.refreshed is the one high-volume type
 * (100,000 hourly tokens ≈ 2.4 million a day); nobody reads it in the event log unless they deliver it.
 */
const ONLY_WHEN_SUBSCRIBED: ReadonlySet<string> = new Set(["connection.refreshed"]);

/** The event's id, or null when it was not recorded (an ONLY_WHEN_SUBSCRIBED type that no endpoint wants). */
export async function emitEvent(tx: TTx, e: TEmitEvent): Promise<{ id: string | null }> {
  const id = newEventId();
  const brandId = e.brandId ?? null;
  const endpoints = await findSubscribedEndpoints(tx, e.teamId, e.type, brandId);
  if (endpoints.length === 0 && ONLY_WHEN_SUBSCRIBED.has(e.type)) return { id: null };
  await insertEvent(tx, {
    id,
    teamId: e.teamId,
    brandId,
    connectionId: e.connectionId ?? null,
    type: e.type,
    data: e.data,
  });
  const deliveries = endpoints.map((ep) => ({
    id: newDeliveryId(),
    teamId: e.teamId,
    eventId: id,
    endpointId: ep.id,
  }));
  if (deliveries.length === 0) return { id };
  await insertDeliveries(tx, deliveries);
  if (queueReady(DELIVER_JOB)) {
    for (const d of deliveries) await enqueue(DELIVER_JOB, { deliveryId: d.id }, { tx });
  } else {
    // Cold sender (a process whose queue is not started yet): starting pg-boss inside this transaction would
    // deadlock the embedded database, so the Delivery rows alone are the outbox here and their jobs are sent
    // after start-up, a moment later (a job that finds no delivery — the transaction rolled back — does nothing;
    // one lost with the process is re-sent by the sweep). Processes start the queue at boot, so this is rare.
    const ids = deliveries.map((d) => ({ data: { deliveryId: d.id } }));
    void prepareQueue(DELIVER_JOB)
      .then(() => new Promise((r) => setTimeout(r, 1_000)))
      .then(() => enqueueMany(DELIVER_JOB, ids))
      .catch((err: unknown) =>
        log.warn("deferred delivery jobs not sent; the sweep will send them", {
          error: err instanceof Error ? err.message : "unknown",
        }),
      );
  }
  return { id };
}

/**
 * Starts the job sender and creates the delivery queue. Call once at start-up in a process that emits events but
 * runs no workers (startWorkers does it for the others), so events go out in the transaction of their change.
 */
export const prepareEventQueue = () => prepareQueue(DELIVER_JOB);
