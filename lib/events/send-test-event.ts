// "Send test event": an endpoint.test event delivered to one endpoint (even a paused one), through the same
// signing, retries and attempt log as every other event.
import type { TAuthContext } from "@/lib/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { notFound } from "@/lib/errors";
import { enqueue, prepareQueue } from "@/lib/queue/queue";
import { newEventId } from "./emit-event";
import { DELIVER_JOB } from "./job-types";
import { findEndpoint, insertDeliveries, insertEvent, newDeliveryId, transaction } from "./repo";

export async function sendTestEvent(ctx: TAuthContext, endpointId: string) {
  const ep = await findEndpoint(ctx.teamId, endpointId);
  if (!ep) throw notFound("Webhook endpoint");
  const eventId = newEventId();
  const deliveryId = newDeliveryId();
  await prepareQueue(DELIVER_JOB); // never start pg-boss inside the transaction (embedded: one session)
  await transaction(async (tx) => {
    await insertEvent(tx, {
      id: eventId,
      teamId: ctx.teamId,
      brandId: null,
      connectionId: null,
      type: "endpoint.test",
      data: { endpoint_id: endpointId, message: "This is a test event from Patchbay." },
    });
    await insertDeliveries(tx, [{ id: deliveryId, teamId: ctx.teamId, eventId, endpointId, origin: "test" }]);
    await enqueue(DELIVER_JOB, { deliveryId }, { tx });
  });
  await recordAudit(ctx, "webhook_endpoint.test_sent", { type: "webhook_endpoint", id: endpointId });
  return { event_id: eventId, delivery_id: deliveryId };
}
