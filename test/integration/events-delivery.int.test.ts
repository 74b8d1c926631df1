// Outbound events against a difficult receiver (e2e/fixtures/webhook-receiver.ts, which verifies signatures
// with its own Standard Webhooks implementation and dedupes by webhook-id):
//   1 — 500, then 429 with Retry-After, then a hang past our timeout, then 200: processed exactly once, every
//       attempt recorded with its outcome, status and latency, waits honouring Retry-After.
//   2 — a change that rolls back announces nothing; the events of a connection's life reach a subscribed
//       endpoint (created, disabled, deleted), filtered by type and brand.
//   3 — secret rotation: during the overlap both signatures are sent and the old secret still verifies.
//   4 — an endpoint whose deliveries keep dying is paused, with an audit entry; a 4xx refusal is not retried.
//   5 — tenancy: another team's endpoint, event or delivery is not found; nothing is replayed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection } from "@/lib/connections/create-connection";
import { disconnectConnection } from "@/lib/connections/disconnect-connection";
import { updateConnection } from "@/lib/connections/manage-connection";
import { db } from "@/lib/db";
import { createEndpoint, rotateEndpointSecret, updateEndpoint } from "@/lib/events/endpoints";
import { emitEvent } from "@/lib/events/emit-event";
import { getEventOrThrow, listEvents, replay } from "@/lib/events/event-log";
import { EVENT_JOBS } from "@/lib/events/jobs";
import { sendTestEvent } from "@/lib/events/send-test-event";
import { setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import { startWorkers, stopQueue } from "@/lib/queue/queue";
import { startWebhookReceiver, type TReceiver } from "@/e2e/fixtures/webhook-receiver";
import { defaultBrandId, makeOwner, type TTestUser } from "../factories";

const receivers: TReceiver[] = [];
const saved = { ...process.env };

beforeAll(async () => {
  // A day of retries in seconds; the real schedule is unit-tested in lib/events/retry-schedule.test.ts.
  process.env.PATCHBAY_EVENTS_RETRY_SCALE = "0.0001";
  process.env.PATCHBAY_EVENTS_TIMEOUT_MS = "1500";
  process.env.PATCHBAY_EVENTS_PAUSE_AFTER = "2";
  setOutboundPolicyForTests({ allowPrivate: true }); // the receiver listens on 127.0.0.1
  await startWorkers(EVENT_JOBS);
});

afterAll(async () => {
  setOutboundPolicyForTests(undefined);
  for (const k of [
    "PATCHBAY_EVENTS_RETRY_SCALE",
    "PATCHBAY_EVENTS_TIMEOUT_MS",
    "PATCHBAY_EVENTS_PAUSE_AFTER",
  ])
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  await Promise.all(receivers.map((r) => r.close()));
  await stopQueue(2_000);
});

async function until<T>(what: string, f: () => T | Promise<T>, ms = 40_000): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function receiverFor(owner: TTestUser, filters: { event_types?: string[]; brand_ids?: string[] } = {}) {
  const r = await startWebhookReceiver();
  receivers.push(r);
  const made = await createEndpoint(owner.ctx, { url: r.url, ...filters });
  r.setSecrets([made.secret]);
  return { r, endpoint: made.endpoint, secret: made.secret };
}

async function apiKeyConnection(owner: TTestUser, brandId?: string) {
  return createConnection(
    {
      teamId: owner.teamId,
      brandId: brandId ?? (await defaultBrandId(owner.teamId)),
      ownerKind: "shared",
      ownerUserId: null,
      providerSlug: "posthog",
      authMode: "api_key",
      label: null,
      accountIdentity: {},
      params: {},
      metadata: {},
      context: {},
      scopes: [],
      credentials: { type: "api_key", api_key: "phx_test_key_never_sent" },
      tokenExpiresAt: null,
      refreshTokenExpiresAt: null,
    },
    "test",
  );
}

describe("1 — a difficult receiver", () => {
  it("500 → 429 Retry-After → timeout → 200: processed exactly once, every attempt visible", async () => {
    const owner = await makeOwner();
    const { r } = await receiverFor(owner, { event_types: ["connection.disabled"] });
    const conn = await apiKeyConnection(owner);
    r.script([
      { kind: "status", status: 500 },
      { kind: "status", status: 429, retryAfter: "2" },
      { kind: "hang", ms: 4_000 },
    ]);
    await updateConnection(owner.ctx, conn.id, { enabled: false });

    const list = await listEvents(owner.ctx, { type: "connection.disabled", limit: 10 });
    expect(list.data).toHaveLength(1);
    const eventId = list.data[0]!.id;
    const done = await until("delivered", async () => {
      const e = await getEventOrThrow(owner.ctx, eventId);
      return e.deliveries[0]?.status === "delivered" ? e : null;
    });

    // The receiver's point of view: four arrivals of one webhook-id, all correctly signed, processed once.
    const mine = r.arrivals.filter((a) => a.id === eventId);
    expect(mine.map((a) => a.answered)).toEqual([500, 429, "hung", 200]);
    expect(mine.every((a) => a.signatureValid)).toBe(true);
    expect(r.processed()).toEqual([eventId]);
    expect(JSON.parse(mine[3]!.body)).toMatchObject({
      id: eventId,
      type: "connection.disabled",
      data: {
        connection: { id: conn.id, provider: "posthog" },
        status: "disabled",
        previous_status: "connected",
      },
    });
    // Each attempt is freshly timestamped (and signed): a receiver's replay window applies to each.
    expect(new Set(mine.map((a) => a.timestamp)).size).toBeGreaterThan(1);
    // Retry-After: 2 was honoured — the attempt after the 429 came no sooner than 2 s later.
    expect(mine[2]!.at - mine[1]!.at).toBeGreaterThanOrEqual(1_900);

    // Our point of view: every attempt recorded with outcome, status and latency.
    const d = done.deliveries[0]!;
    expect(d.attempts).toBe(4);
    expect(d.attempt_log.map((a) => [a.attempt, a.outcome, a.status_code])).toEqual([
      [1, "http_error", 500],
      [2, "rate_limited", 429],
      [3, "timeout", null],
      [4, "delivered", 200],
    ]);
    expect(d.attempt_log[2]!.duration_ms).toBeGreaterThanOrEqual(1_400);
    expect(d.attempt_log.every((a) => a.duration_ms >= 0)).toBe(true);
    expect(d.attempt_log[0]!.response_excerpt).toBe("scripted 500");
    expect(d.attempt_log[3]!.next_attempt_at).toBeNull();
  }, 60_000);
});

describe("2 — the outbox and the connection events", () => {
  it("a change that rolls back emits nothing: no event, no delivery", async () => {
    const owner = await makeOwner();
    await receiverFor(owner);
    await expect(
      db.$transaction(async (tx) => {
        await emitEvent(tx, { teamId: owner.teamId, type: "webhook.received", data: { n: 1 } });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect((await listEvents(owner.ctx, { limit: 10 })).data).toHaveLength(0);
    expect(await db.delivery.count({ where: { teamId: owner.teamId } })).toBe(0);
  });

  it("created, disabled and deleted reach the endpoint; type and brand filters hold", async () => {
    const owner = await makeOwner();
    const brandId = await defaultBrandId(owner.teamId);
    const other = await db.brand.create({
      data: { teamId: owner.teamId, name: "Other" },
      select: { id: true },
    });
    const all = await receiverFor(owner);
    const onlyDeleted = await receiverFor(owner, { event_types: ["connection.deleted"] });
    const otherBrand = await receiverFor(owner, { brand_ids: [other.id] });
    const conn = await apiKeyConnection(owner, brandId);
    await updateConnection(owner.ctx, conn.id, { enabled: false });
    await disconnectConnection(owner.ctx, conn.id);

    const types = () =>
      all.r.arrivals
        .filter((a) => a.answered === 200)
        .map((a) => (JSON.parse(a.body) as { type: string }).type);
    await until("three events", () => types().length === 3);
    expect(types().sort()).toEqual(["connection.created", "connection.deleted", "connection.disabled"]);
    await until("the deleted event", () => onlyDeleted.r.arrivals.length === 1);
    expect(JSON.parse(onlyDeleted.r.arrivals[0]!.body)).toMatchObject({ type: "connection.deleted" });
    const events = await listEvents(owner.ctx, { connection_id: conn.id, limit: 10 });
    expect(events.data).toHaveLength(3);
    // The other brand's endpoint got no delivery at all.
    expect(await db.delivery.count({ where: { endpointId: otherBrand.endpoint.id } })).toBe(0);
    expect(otherBrand.r.arrivals).toHaveLength(0);
  });
});

describe("3 — secret rotation", () => {
  it("during the overlap both signatures are sent; the old secret still verifies, and the new one alone", async () => {
    const owner = await makeOwner();
    const { r, endpoint, secret: old } = await receiverFor(owner);
    const rotated = await rotateEndpointSecret(owner.ctx, endpoint.id, 3600);
    expect(rotated.secret).not.toBe(old);
    expect(rotated.endpoint.previous_secret_expires_at).not.toBeNull();
    r.setSecrets([old]); // a receiver that has not switched yet
    await sendTestEvent(owner.ctx, endpoint.id);
    await until("test event", () => r.arrivals.length === 1);
    expect(r.arrivals[0]).toMatchObject({ signatures: 2, signatureValid: true });

    // Overlap ended (rotate again with 0): only the newest signs, the first secret no longer verifies.
    const again = await rotateEndpointSecret(owner.ctx, endpoint.id, 0);
    r.setSecrets([old, rotated.secret]);
    await sendTestEvent(owner.ctx, endpoint.id);
    await until("second test event", () => r.arrivals.length === 2);
    expect(r.arrivals[1]).toMatchObject({ signatures: 1, signatureValid: false, answered: 401 });
    r.setSecrets([again.secret]);
    const stored = await db.webhookEndpoint.findUniqueOrThrow({
      where: { id: endpoint.id },
      select: { secretSealed: true, previousSecretSealed: true },
    });
    expect(stored.secretSealed).not.toContain(again.secret);
    expect(stored.previousSecretSealed).toBeNull();
  });
});

describe("4 — refusals and a failing endpoint", () => {
  it("a 4xx is a dead letter at once; dead letters in a row pause the endpoint with an audit entry", async () => {
    const owner = await makeOwner();
    const { r, endpoint } = await receiverFor(owner);
    r.script([
      { kind: "status", status: 404 },
      { kind: "status", status: 410 },
    ]);
    await sendTestEvent(owner.ctx, endpoint.id);
    await sendTestEvent(owner.ctx, endpoint.id);
    await until(
      "paused",
      async () =>
        (await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).status === "paused",
    );
    const ep = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(ep).toMatchObject({ pausedReason: "failing", consecutiveDeadLetters: 2 });
    expect(r.arrivals).toHaveLength(2); // neither refusal was retried
    const dead = await listEvents(owner.ctx, { delivery_status: "dead", limit: 10 });
    expect(dead.data).toHaveLength(2);
    expect(dead.dead_letters).toBe(2);
    const audit = await db.auditEntry.findFirst({
      where: { teamId: owner.teamId, action: "webhook_endpoint.paused" },
    });
    expect(audit?.metadata).toMatchObject({ reason: "failing" });

    // While paused a replay waits; resuming sends it (the receiver now accepts).
    const replayed = await replay(owner.ctx, { delivery_ids: [dead.data[0]!.deliveries[0]!.id] });
    expect(replayed.replayed).toHaveLength(1);
    await new Promise((res) => setTimeout(res, 1_500));
    expect(r.arrivals).toHaveLength(2);
    await updateEndpoint(owner.ctx, endpoint.id, { enabled: true });
    await until("replay delivered", () => r.arrivals.length === 3);
    expect(r.arrivals[2]).toMatchObject({ id: dead.data[0]!.id, answered: 200, signatureValid: true });
  });
});

describe("5 — tenancy", () => {
  it("another team's endpoint, event and delivery are not found, and nothing is replayed", async () => {
    const a = await makeOwner();
    const b = await makeOwner();
    const { endpoint } = await receiverFor(a);
    const sent = await sendTestEvent(a.ctx, endpoint.id);
    await expect(sendTestEvent(b.ctx, endpoint.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(getEventOrThrow(b.ctx, sent.event_id)).rejects.toMatchObject({ code: "not_found" });
    await expect(replay(b.ctx, { delivery_ids: [sent.delivery_id] })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(replay(b.ctx, { event_ids: [sent.event_id] })).rejects.toMatchObject({ code: "not_found" });
    await expect(rotateEndpointSecret(b.ctx, endpoint.id, 0)).rejects.toMatchObject({ code: "not_found" });
    expect((await listEvents(b.ctx, { limit: 10 })).data).toHaveLength(0);
    expect(await db.delivery.count({ where: { eventId: sent.event_id } })).toBe(1);
  });
});
