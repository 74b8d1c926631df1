// The event log: events with their deliveries and every attempt; replays; dead-letter counts.
import type { TAuthContext } from "@/lib/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { notFound } from "@/lib/errors";
import { enqueue, prepareQueue } from "@/lib/queue/queue";
import { toPage } from "@/lib/pagination";
import { DELIVER_JOB } from "./job-types";
import {
  countDeliveries,
  findDeliveriesForReplay,
  findEndpoint,
  findEvent,
  findEventDeliveryTargets,
  findEvents,
  findTeamEventIds,
  insertDeliveries,
  newDeliveryId,
  transaction,
} from "./repo";
import { toEventView, type TEventQuery, type TEventView, type TReplayInput } from "./schemas";

export async function listEvents(ctx: TAuthContext, q: TEventQuery) {
  const rows = await findEvents(
    ctx.teamId,
    {
      type: q.type,
      connectionId: q.connection_id,
      brandId: q.brand_id,
      endpointId: q.endpoint_id,
      deliveryStatus: q.delivery_status,
      after: q.cursor,
      before: q.before ? new Date(q.before) : undefined,
    },
    q.limit + 1,
  );
  const page = toPage(rows, q.limit, toEventView);
  return {
    ...page,
    /** deprecated: the old time-based cursor, kept for existing callers (next_cursor is exact under ties) */
    next_before: page.next_cursor ? (page.data.at(-1)?.created_at ?? null) : null,
    dead_letters: await countDeliveries(ctx.teamId, "dead"),
  };
}

export async function getEventOrThrow(ctx: TAuthContext, id: string): Promise<TEventView> {
  const e = await findEvent(ctx.teamId, id);
  if (!e) throw notFound("Event");
  return toEventView(e);
}

/**
 * A replay is a NEW delivery of the same event (same webhook-id, so a receiver that already processed it can
 * tell; fresh timestamp and signature) with its own attempts and retry schedule. Ids of another team's
 * deliveries or events are not found — the whole request is refused, nothing is replayed.
 */
export async function replay(ctx: TAuthContext, input: TReplayInput) {
  const targets: { eventId: string; endpointId: string }[] = [];
  const deliveryIds = [...new Set(input.delivery_ids ?? [])];
  if (deliveryIds.length) {
    const found = await findDeliveriesForReplay(ctx.teamId, deliveryIds);
    if (found.length !== deliveryIds.length) throw notFound("Delivery");
    targets.push(...found.map((d) => ({ eventId: d.eventId, endpointId: d.endpointId })));
  }
  const eventIds = [...new Set(input.event_ids ?? [])];
  if (eventIds.length) {
    if ((await findTeamEventIds(ctx.teamId, eventIds)).length !== eventIds.length) throw notFound("Event");
    if (input.endpoint_id) {
      if (!(await findEndpoint(ctx.teamId, input.endpoint_id))) throw notFound("Webhook endpoint");
      targets.push(...eventIds.map((eventId) => ({ eventId, endpointId: input.endpoint_id! })));
    } else targets.push(...(await findEventDeliveryTargets(ctx.teamId, eventIds)));
  }
  const unique = [...new Map(targets.map((t) => [`${t.eventId}|${t.endpointId}`, t])).values()];
  const rows = unique.map((t) => ({ id: newDeliveryId(), teamId: ctx.teamId, origin: "replay", ...t }));
  await prepareQueue(DELIVER_JOB); // never start pg-boss inside the transaction (embedded: one session)
  await transaction(async (tx) => {
    await insertDeliveries(tx, rows);
    for (const r of rows) await enqueue(DELIVER_JOB, { deliveryId: r.id }, { tx });
  });
  await recordAudit(ctx, "events.replayed", undefined, { deliveries: rows.length });
  return {
    replayed: rows.map((r) => ({ delivery_id: r.id, event_id: r.eventId, endpoint_id: r.endpointId })),
  };
}
