// connection.refreshed is recorded only when an endpoint subscribes to it (at 100,000 hourly tokens it would be
// 2.4 million rows a day nobody reads); every other type is recorded either way. Through emitEvent itself, in a
// real transaction, with and without a subscribed endpoint.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { emitEvent } from "@/lib/events/emit-event";
import { createEndpoint } from "@/lib/events/endpoints";
import { setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import { makeOwner } from "../factories";

beforeAll(() => setOutboundPolicyForTests({ allowPrivate: true }));
afterAll(() => setOutboundPolicyForTests(undefined));

const emit = (teamId: string, type: "connection.refreshed" | "connection.disabled") =>
  db.$transaction((tx) => emitEvent(tx, { teamId, type, data: { connection: { id: "conn_x" } } }));

describe("events nobody subscribes to", () => {
  it("connection.refreshed is not stored without a subscriber; connection.disabled is", async () => {
    const owner = await makeOwner();
    const refreshed = await emit(owner.teamId, "connection.refreshed");
    const disabled = await emit(owner.teamId, "connection.disabled");
    expect(refreshed.id).toBeNull();
    expect(disabled.id).not.toBeNull();
    expect(await db.event.count({ where: { teamId: owner.teamId, type: "connection.refreshed" } })).toBe(0);
    expect(await db.event.count({ where: { teamId: owner.teamId, type: "connection.disabled" } })).toBe(1);
  });

  it("with an endpoint subscribed to it, connection.refreshed is stored and gets a delivery", async () => {
    const owner = await makeOwner();
    await createEndpoint(owner.ctx, {
      url: "http://127.0.0.1:9/hooks",
      event_types: ["connection.refreshed"],
    });
    const { id } = await emit(owner.teamId, "connection.refreshed");
    expect(id).not.toBeNull();
    expect(await db.delivery.count({ where: { teamId: owner.teamId, eventId: id! } })).toBe(1);
  });
});
