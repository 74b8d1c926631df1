// Where a verified, stored provider delivery leaves the intake: ONE function, called by the webhooks.process job.
//
// What it does today: marks the event processed, exactly once (a conditional update inside a transaction; a
// retried or duplicated job finds nothing to claim). It does NOT yet forward anything to customers.
//
// MERGE POINT (lead): forwarding is the events helper's `emitEvent` — a `webhook.received` outbound event to the
// team's endpoints, written in the SAME transaction as the claim below (its outbox), so an event is forwarded
// if and only if it is marked processed. Put the call where the comment says; the event's fields are all here.
import { findEventForProcessing, markProcessed, transaction } from "./repo";

export type TForwardOutcome = "processed" | "already_processed" | "missing";

export async function forwardInboundEvent(eventId: string): Promise<TForwardOutcome> {
  const event = await findEventForProcessing(eventId);
  if (!event) return "missing"; // deleted by retention, or its connection was deleted
  if (event.status !== "received") return "already_processed";
  return transaction(async (tx) => {
    if (!(await markProcessed(tx, event.id))) return "already_processed";
    // emitEvent(tx, { teamId: event.teamId, type: "webhook.received", connectionId: event.connectionId,
    //   data: { id: event.id, provider: event.providerSlug, delivery_id: event.deliveryId,
    //           event_type: event.eventType, received_at: event.receivedAt, payload: event.payload } });
    return "processed";
  });
}
