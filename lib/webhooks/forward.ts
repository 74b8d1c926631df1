// Where a verified, stored provider delivery leaves the intake: ONE function, called by the webhooks.process job.
//
// It marks the event processed, exactly once (a conditional update inside a transaction; a retried or duplicated
// job finds nothing to claim), and in the SAME transaction emits the `webhook.received` outbound event to the
// team's endpoints (lib/events' outbox) — so an event is forwarded if and only if it is marked processed, and a
// duplicate delivery by the provider is forwarded once.
import { emitEvent } from "@/lib/events/emit-event";
import { findEventForProcessing, markProcessed, transaction } from "./repo";

export type TForwardOutcome = "processed" | "already_processed" | "missing";

export async function forwardInboundEvent(eventId: string): Promise<TForwardOutcome> {
  const event = await findEventForProcessing(eventId);
  if (!event) return "missing"; // deleted by retention, or its connection was deleted
  if (event.status !== "received") return "already_processed";
  return transaction(async (tx) => {
    if (!(await markProcessed(tx, event.id))) return "already_processed";
    await emitEvent(tx, {
      teamId: event.teamId,
      brandId: event.connection.brandId,
      connectionId: event.connectionId,
      type: "webhook.received",
      data: {
        id: event.id,
        provider: event.providerSlug,
        delivery_id: event.deliveryId,
        event_type: event.eventType,
        received_at: event.receivedAt.toISOString(),
        payload: event.payload,
      },
    });
    return "processed";
  });
}
