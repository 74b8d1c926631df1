// The only place lib/events touches Prisma. Every read and write of a team's rows takes the teamId; the delivery
// worker's reads by delivery id are the exception (a job names the delivery it was sent for, and the row carries
// its team). Secret columns are read only by the functions whose name says so.
import { afterCursor, NEWEST_FIRST, type TCursor, type TPageRequest } from "@/lib/pagination";
import crypto from "node:crypto";
import { db, type TTx } from "@/lib/db";
import { Prisma, type DeliveryStatus, type WebhookEndpointStatus } from "@/lib/generated/prisma/client";

export const ENDPOINT_PUBLIC = {
  id: true,
  teamId: true,
  url: true,
  description: true,
  eventTypes: true,
  brandIds: true,
  status: true,
  pausedReason: true,
  pausedAt: true,
  previousSecretExpiresAt: true,
  secretRotatedAt: true,
  consecutiveDeadLetters: true,
  lastSuccessAt: true,
  lastFailureAt: true,
  createdAt: true,
  updatedAt: true,
} as const;
export type TEndpointRow = Prisma.WebhookEndpointGetPayload<{ select: typeof ENDPOINT_PUBLIC }>;

// ── events and fan-out (inside the caller's transaction) ──

export function insertEvent(
  tx: TTx,
  e: {
    id: string;
    teamId: string;
    brandId: string | null;
    connectionId: string | null;
    type: string;
    data: Prisma.InputJsonValue;
  },
) {
  return tx.event.create({ data: e, select: { id: true, createdAt: true } });
}

/** Active endpoints of the team that want this type for this brand (empty filter = everything). */
export function findSubscribedEndpoints(tx: TTx, teamId: string, type: string, brandId: string | null) {
  // Raw SQL: every emitted event runs this (a refresh emits one), and Prisma's query compiler costs more CPU
  // than the query. Empty eventTypes / brandIds = all; an event without a brand goes to unfiltered endpoints.
  const brand = brandId
    ? Prisma.sql`(cardinality("brandIds") = 0 OR ${brandId} = ANY("brandIds"))`
    : Prisma.sql`cardinality("brandIds") = 0`;
  return tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "WebhookEndpoint"
    WHERE "teamId" = ${teamId} AND status::text = 'active'
      AND (cardinality("eventTypes") = 0 OR ${type} = ANY("eventTypes")) AND ${brand}`;
}

export const newDeliveryId = () => `dlv_${crypto.randomBytes(12).toString("base64url")}`;

export async function insertDeliveries(
  tx: TTx,
  rows: { id: string; teamId: string; eventId: string; endpointId: string; origin?: string | null }[],
) {
  if (rows.length === 0) return;
  const now = new Date();
  await tx.delivery.createMany({ data: rows.map((r) => ({ ...r, nextAttemptAt: now })) });
}

// ── endpoints ──

export function insertEndpoint(data: Prisma.WebhookEndpointUncheckedCreateInput) {
  return db.webhookEndpoint.create({ data, select: ENDPOINT_PUBLIC });
}

/** Newest first; with `page`, one keyset page (lib/pagination), else all of them (the dashboard). */
export function findEndpoints(teamId: string, page?: TPageRequest) {
  return db.webhookEndpoint.findMany({
    where: page?.after ? { teamId, ...afterCursor(page.after) } : { teamId },
    orderBy: NEWEST_FIRST,
    select: ENDPOINT_PUBLIC,
    ...(page ? { take: page.take } : {}),
  });
}

export function findEndpoint(teamId: string, id: string) {
  return db.webhookEndpoint.findFirst({ where: { teamId, id }, select: ENDPOINT_PUBLIC });
}

export function findEndpointWithSecrets(teamId: string, id: string) {
  return db.webhookEndpoint.findFirst({
    where: { teamId, id },
    select: { ...ENDPOINT_PUBLIC, secretSealed: true, previousSecretSealed: true },
  });
}

export async function updateEndpointRow(
  teamId: string,
  id: string,
  data: Prisma.WebhookEndpointUpdateManyMutationInput,
  where: Prisma.WebhookEndpointWhereInput = {},
) {
  const res = await db.webhookEndpoint.updateMany({ where: { ...where, teamId, id }, data });
  return res.count === 1;
}

export async function deleteEndpointRow(teamId: string, id: string) {
  const res = await db.webhookEndpoint.deleteMany({ where: { teamId, id } });
  return res.count === 1;
}

/** Pending deliveries of an endpoint (resumed: they are sent again). */
export async function rescheduleEndpointDeliveries(teamId: string, endpointId: string) {
  const now = new Date();
  await db.delivery.updateMany({
    where: { teamId, endpointId, status: "pending" },
    data: { nextAttemptAt: now },
  });
  return db.delivery.findMany({
    where: { teamId, endpointId, status: "pending" },
    select: { id: true },
    take: 1000,
  });
}

// ── delivery worker ──

/** Everything one attempt needs, secrets included (opened by the caller through the vault). */
export function findDeliveryForSend(id: string) {
  return db.delivery.findUnique({
    where: { id },
    select: {
      id: true,
      teamId: true,
      status: true,
      attempts: true,
      nextAttemptAt: true,
      leaseUntil: true,
      origin: true,
      event: { select: { id: true, type: true, data: true, createdAt: true } },
      endpoint: {
        select: {
          id: true,
          url: true,
          status: true,
          secretSealed: true,
          previousSecretSealed: true,
          previousSecretExpiresAt: true,
        },
      },
    },
  });
}

/** One conditional UPDATE decides who sends the next attempt; returns the holder token or null. */
export async function takeDeliveryLease(id: string, until: Date): Promise<string | null> {
  const holder = crypto.randomBytes(12).toString("base64url");
  const now = new Date();
  const res = await db.delivery.updateMany({
    where: { id, status: "pending", OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
    data: { leaseUntil: until, leaseHolder: holder },
  });
  return res.count === 1 ? holder : null;
}

export function releaseDeliveryLease(id: string, holder: string) {
  return db.delivery.updateMany({
    where: { id, leaseHolder: holder },
    data: { leaseUntil: null, leaseHolder: null },
  });
}

export type TAttemptRecord = {
  attempt: number;
  startedAt: Date;
  durationMs: number;
  outcome: string;
  statusCode: number | null;
  error: string | null;
  responseExcerpt: string | null;
  nextAttemptAt: Date | null;
};

/**
 * Records an attempt and moves the delivery on, in the caller's transaction, only while `holder` still holds the
 * lease. False when it does not (the lease expired and someone else took over: their attempt counts).
 */
export async function recordAttempt(
  tx: TTx,
  d: { id: string; teamId: string; endpointId: string },
  holder: string,
  a: TAttemptRecord,
  status: DeliveryStatus,
) {
  const now = new Date();
  const res = await tx.delivery.updateMany({
    where: { id: d.id, leaseHolder: holder, status: "pending" },
    data: {
      status,
      attempts: a.attempt,
      nextAttemptAt: a.nextAttemptAt,
      lastStatus: a.statusCode,
      lastError: a.error,
      leaseUntil: null,
      leaseHolder: null,
      ...(status === "delivered" ? { deliveredAt: now } : {}),
      ...(status === "dead" ? { deadAt: now } : {}),
    },
  });
  if (res.count !== 1) return false;
  await tx.deliveryAttempt.create({ data: { deliveryId: d.id, teamId: d.teamId, ...a } });
  return true;
}

/** Success resets the endpoint's failure streak; a dead letter extends it. Returns the endpoint after. */
export function noteEndpointOutcome(tx: TTx, teamId: string, endpointId: string, delivered: boolean) {
  const now = new Date();
  return tx.webhookEndpoint.update({
    where: { id: endpointId, teamId },
    data: delivered
      ? { lastSuccessAt: now, consecutiveDeadLetters: 0 }
      : { lastFailureAt: now, consecutiveDeadLetters: { increment: 1 } },
    select: { id: true, status: true, consecutiveDeadLetters: true },
  });
}

export async function pauseFailingEndpoint(tx: TTx, teamId: string, endpointId: string) {
  const res = await tx.webhookEndpoint.updateMany({
    where: { id: endpointId, teamId, status: "active" },
    data: { status: "paused", pausedReason: "failing", pausedAt: new Date() },
  });
  return res.count === 1;
}

/** Pending deliveries whose attempt is overdue and nobody holds (a lost job, a crashed worker). */
export function findStalledDeliveries(overdueBefore: Date, limit: number) {
  const now = new Date();
  return db.delivery.findMany({
    where: {
      status: "pending",
      nextAttemptAt: { lt: overdueBefore },
      OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }],
      endpoint: { status: "active" },
    },
    orderBy: { nextAttemptAt: "asc" },
    take: limit,
    select: { id: true },
  });
}

export async function deleteEventsBefore(before: Date, limit: number) {
  const old = await db.event.findMany({
    where: { createdAt: { lt: before } },
    select: { id: true },
    take: limit,
  });
  if (old.length === 0) return 0;
  const res = await db.event.deleteMany({ where: { id: { in: old.map((o) => o.id) } } });
  return res.count;
}

// ── the event log ──

export type TEventFilter = {
  type?: string;
  connectionId?: string;
  brandId?: string;
  endpointId?: string;
  deliveryStatus?: DeliveryStatus;
  /** the keyset cursor (lib/pagination) */
  after?: TCursor;
  /** deprecated: created before this instant (the old `before` parameter) */
  before?: Date;
};

function eventWhere(teamId: string, f: TEventFilter): Prisma.EventWhereInput {
  return {
    teamId,
    ...(f.type ? { type: f.type } : {}),
    ...(f.connectionId ? { connectionId: f.connectionId } : {}),
    ...(f.brandId ? { brandId: f.brandId } : {}),
    ...(f.after ? afterCursor(f.after) : f.before ? { createdAt: { lt: f.before } } : {}),
    ...(f.endpointId || f.deliveryStatus
      ? {
          deliveries: {
            some: {
              teamId,
              ...(f.endpointId ? { endpointId: f.endpointId } : {}),
              ...(f.deliveryStatus ? { status: f.deliveryStatus } : {}),
            },
          },
        }
      : {}),
  };
}

const DELIVERY_VIEW = {
  id: true,
  endpointId: true,
  status: true,
  attempts: true,
  nextAttemptAt: true,
  lastStatus: true,
  lastError: true,
  deliveredAt: true,
  deadAt: true,
  origin: true,
  createdAt: true,
  endpoint: { select: { url: true } },
  attemptLog: {
    orderBy: { attempt: "asc" },
    select: {
      attempt: true,
      startedAt: true,
      durationMs: true,
      outcome: true,
      statusCode: true,
      error: true,
      responseExcerpt: true,
      nextAttemptAt: true,
    },
  },
} as const satisfies Prisma.DeliverySelect;

export const EVENT_VIEW = {
  id: true,
  type: true,
  brandId: true,
  connectionId: true,
  data: true,
  createdAt: true,
  deliveries: { orderBy: { createdAt: "asc" }, select: DELIVERY_VIEW },
} as const satisfies Prisma.EventSelect;
export type TEventRow = Prisma.EventGetPayload<{ select: typeof EVENT_VIEW }>;

export function findEvents(teamId: string, f: TEventFilter, take: number) {
  return db.event.findMany({
    where: eventWhere(teamId, f),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: EVENT_VIEW,
  });
}

export function findEvent(teamId: string, id: string) {
  return db.event.findFirst({ where: { teamId, id }, select: EVENT_VIEW });
}

export function findDelivery(teamId: string, id: string) {
  return db.delivery.findFirst({
    where: { teamId, id },
    select: { id: true, eventId: true, endpointId: true, status: true },
  });
}

export function countDeliveries(teamId: string, status: DeliveryStatus) {
  return db.delivery.count({ where: { teamId, status } });
}

export function transaction<T>(fn: (tx: TTx) => Promise<T>) {
  return db.$transaction(fn);
}

export type { DeliveryStatus, WebhookEndpointStatus };

/** How many of these brand ids are the team's (an endpoint may filter only on its own team's brands). */
export function countTeamBrands(teamId: string, ids: string[]) {
  return db.brand.count({ where: { teamId, id: { in: ids } } });
}

export function findDeliveriesForReplay(teamId: string, ids: string[]) {
  return db.delivery.findMany({
    where: { teamId, id: { in: ids } },
    select: { id: true, eventId: true, endpointId: true },
  });
}

export function findEventDeliveryTargets(teamId: string, eventIds: string[], endpointId?: string) {
  return db.delivery.findMany({
    where: { teamId, eventId: { in: eventIds }, ...(endpointId ? { endpointId } : {}) },
    distinct: ["eventId", "endpointId"],
    select: { eventId: true, endpointId: true },
  });
}

export function findTeamEventIds(teamId: string, ids: string[]) {
  return db.event.findMany({ where: { teamId, id: { in: ids } }, select: { id: true } });
}
