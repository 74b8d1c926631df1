// emitEvent — the outbox. Called INSIDE the transaction of the change it reports (a connection's status change,
// its creation or deletion, an inbound provider webhook …): the Event row, one Delivery row per subscribed
// endpoint and one queue job per delivery are written with that change, so they commit or roll back together. A
// process killed right after the commit loses nothing — the jobs are in pgboss.job and any instance sends them;
// a change that rolls back never announces itself.
//
// Stable signature (lib/connections and lib/webhooks call it):
//   emitEvent(tx, { teamId, brandId?, connectionId?, type, data }) → { id }
// `data` is the event's payload as receivers see it under "data": ids, names, statuses, error codes — never a
// secret or a token. Endpoints match on type (empty filter = all) and brand (empty filter = all brands; an
// event without a brand goes only to endpoints without a brand filter). Paused endpoints get no new deliveries.
import crypto from "node:crypto";
import type { TTx } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { enqueue } from "@/lib/queue/queue";
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

export async function emitEvent(tx: TTx, e: TEmitEvent): Promise<{ id: string }> {
  const id = newEventId();
  const brandId = e.brandId ?? null;
  await insertEvent(tx, {
    id,
    teamId: e.teamId,
    brandId,
    connectionId: e.connectionId ?? null,
    type: e.type,
    data: e.data,
  });
  const endpoints = await findSubscribedEndpoints(tx, e.teamId, e.type, brandId);
  const deliveries = endpoints.map((ep) => ({
    id: newDeliveryId(),
    teamId: e.teamId,
    eventId: id,
    endpointId: ep.id,
  }));
  await insertDeliveries(tx, deliveries);
  for (const d of deliveries) await enqueue(DELIVER_JOB, { deliveryId: d.id }, { tx });
  return { id };
}
