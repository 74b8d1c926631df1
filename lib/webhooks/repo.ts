// The only place inbound provider webhooks touch the database: sources (where deliveries arrive, with sealed
// secrets), routes (a connection's tenant key and registration state) and the stored events.
import type { TTx } from "@/lib/db";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";

export const transaction = <T>(fn: (tx: TTx) => Promise<T>) => db.$transaction(fn);

const SOURCE = {
  id: true,
  scopeKey: true,
  teamId: true,
  providerSlug: true,
  connectionId: true,
  secrets: true,
  createdAt: true,
} as const;

export type TSourceRow = Prisma.InboundWebhookSourceGetPayload<{ select: typeof SOURCE }>;

export function findSourceById(id: string) {
  return db.inboundWebhookSource.findUnique({ where: { id }, select: SOURCE });
}

export function findSourceByScope(scopeKey: string) {
  return db.inboundWebhookSource.findUnique({ where: { scopeKey }, select: SOURCE });
}

/** A team's sources (its app-level ones and its connections'): teamId is the tenancy boundary. */
export function findTeamSources(teamId: string, providerSlug: string) {
  return db.inboundWebhookSource.findMany({ where: { teamId, providerSlug }, select: SOURCE });
}

export function upsertSource(data: {
  id: string;
  scopeKey: string;
  teamId: string | null;
  providerSlug: string;
  connectionId: string | null;
  secrets: Prisma.InputJsonValue;
}) {
  return db.inboundWebhookSource.upsert({
    where: { scopeKey: data.scopeKey },
    create: data,
    update: { secrets: data.secrets },
    select: SOURCE,
  });
}

/** Compare-and-swap on the secrets list, so two concurrent edits cannot silently drop one another's secret. */
export async function swapSourceSecrets(
  id: string,
  before: Prisma.InputJsonValue,
  after: Prisma.InputJsonValue,
) {
  const res = await db.inboundWebhookSource.updateMany({
    where: { id, secrets: { equals: before } },
    data: { secrets: after },
  });
  return res.count === 1;
}

export function deleteSourceRow(id: string) {
  return db.inboundWebhookSource.deleteMany({ where: { id } });
}

// ---- routes ---------------------------------------------------------------------------------------------

const ROUTE = {
  connectionId: true,
  teamId: true,
  providerSlug: true,
  tenantKey: true,
  registrationStatus: true,
  registrationError: true,
  registrationAttempts: true,
  remoteIds: true,
  registeredAt: true,
  updatedAt: true,
} as const;

export type TRouteRow = Prisma.InboundWebhookRouteGetPayload<{ select: typeof ROUTE }>;

/** Connections an app-wide delivery belongs to; teamId null = any team (the instance's app). */
export function findRoutesByTenant(providerSlug: string, tenantKey: string, teamId: string | null) {
  // Raw SQL: this runs for every inbound delivery, and Prisma's query compiler costs more CPU than the query.
  const team = teamId ? Prisma.sql`AND "teamId" = ${teamId}` : Prisma.empty;
  return db.$queryRaw<{ connectionId: string; teamId: string }[]>`
    SELECT "connectionId", "teamId" FROM "InboundWebhookRoute"
    WHERE "providerSlug" = ${providerSlug} AND "tenantKey" = ${tenantKey} ${team} LIMIT 50`;
}

export function findTeamRoutes(teamId: string, providerSlug: string) {
  return db.inboundWebhookRoute.findMany({
    where: { teamId, providerSlug },
    select: { connectionId: true, teamId: true },
    take: 50,
  });
}

export function findRoute(teamId: string, connectionId: string) {
  return db.inboundWebhookRoute.findFirst({ where: { teamId, connectionId }, select: ROUTE });
}

export function upsertRoute(data: {
  connectionId: string;
  teamId: string;
  providerSlug: string;
  tenantKey: string | null;
  registrationStatus: string;
}) {
  return db.inboundWebhookRoute.upsert({
    where: { connectionId: data.connectionId },
    create: data,
    update: { tenantKey: data.tenantKey },
    select: ROUTE,
  });
}

export function updateRoute(
  teamId: string,
  connectionId: string,
  data: {
    registrationStatus?: string;
    registrationError?: string | null;
    remoteIds?: Prisma.InputJsonValue;
    registeredAt?: Date | null;
    attempt?: boolean;
  },
) {
  const { attempt, ...rest } = data;
  return db.inboundWebhookRoute.updateMany({
    where: { teamId, connectionId },
    data: { ...rest, ...(attempt ? { registrationAttempts: { increment: 1 } } : {}) },
  });
}

// ---- events ---------------------------------------------------------------------------------------------

export type TNewEvent = {
  id: string;
  sourceId: string;
  teamId: string;
  connectionId: string;
  providerSlug: string;
  deliveryId: string;
  eventType: string | null;
  payload: Prisma.InputJsonValue;
  expiresAt: Date;
};

/** Inserts what is new; a delivery id already stored for that source and connection is skipped (the unique index). */
export function insertEvents(tx: TTx, events: TNewEvent[]) {
  // Raw SQL: the intake's group commit stores up to 200 deliveries per statement, and Prisma's createMany builds
  // (and compiles) a query per batch shape. One statement over column arrays, whatever the batch size.
  const col = <K extends keyof TNewEvent>(k: K) => events.map((e) => e[k]);
  return tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "InboundWebhookEvent"
      (id, "sourceId", "teamId", "connectionId", "providerSlug", "deliveryId", "eventType", payload, "expiresAt")
    SELECT id, src, team, conn, prov, dlv, typ, pay::jsonb, exp::timestamp(3)
    FROM unnest(${col("id")}::text[], ${col("sourceId")}::text[], ${col("teamId")}::text[],
                ${col("connectionId")}::text[], ${col("providerSlug")}::text[], ${col("deliveryId")}::text[],
                ${col("eventType")}::text[], ${events.map((e) => JSON.stringify(e.payload))}::text[],
                ${events.map((e) => e.expiresAt.toISOString())}::text[])
      AS t(id, src, team, conn, prov, dlv, typ, pay, exp)
    ON CONFLICT ("sourceId", "deliveryId", "connectionId") DO NOTHING
    RETURNING id`;
}

/** received → processed, once: a retried or duplicated job finds nothing to claim. */
export async function markProcessed(tx: TTx, id: string): Promise<boolean> {
  const res = await tx.inboundWebhookEvent.updateMany({
    where: { id, status: "received" },
    data: { status: "processed", processedAt: new Date(), attempts: { increment: 1 } },
  });
  return res.count === 1;
}

export function findEventForProcessing(id: string) {
  return db.inboundWebhookEvent.findUnique({
    where: { id },
    select: {
      id: true,
      teamId: true,
      connectionId: true,
      providerSlug: true,
      deliveryId: true,
      eventType: true,
      status: true,
      payload: true,
      receivedAt: true,
      connection: { select: { brandId: true } },
    },
  });
}

export function recordProcessingError(id: string, message: string) {
  return db.inboundWebhookEvent.updateMany({
    where: { id, status: "received" },
    data: { lastError: message.slice(0, 500), attempts: { increment: 1 } },
  });
}

export function findConnectionEvents(teamId: string, connectionId: string, limit: number) {
  return db.inboundWebhookEvent.findMany({
    where: { teamId, connectionId },
    orderBy: { receivedAt: "desc" },
    take: limit,
    select: {
      id: true,
      deliveryId: true,
      eventType: true,
      status: true,
      receivedAt: true,
      processedAt: true,
      lastError: true,
    },
  });
}

/** One batch of expired events (bounded, so a clean-up never holds a long lock). */
export async function deleteExpiredEvents(now: Date, batch: number): Promise<number> {
  const ids = await db.inboundWebhookEvent.findMany({
    where: { expiresAt: { lt: now } },
    select: { id: true },
    take: batch,
  });
  if (ids.length === 0) return 0;
  const res = await db.inboundWebhookEvent.deleteMany({ where: { id: { in: ids.map((r) => r.id) } } });
  return res.count;
}

/** Parks a provider's unsigned verification token (sealed) on its source, replacing any earlier one. */
export async function parkPendingToken(id: string, sealed: string) {
  await db.inboundWebhookSource.update({
    where: { id },
    data: { pendingTokenSealed: sealed, pendingTokenAt: new Date() },
  });
}

/** The parked token's ciphertext and arrival time; only the reveal path reads it. */
export function findPendingToken(id: string) {
  return db.inboundWebhookSource.findUnique({
    where: { id },
    select: { id: true, pendingTokenAt: true, pendingTokenSealed: true },
  });
}

/** When a token is parked (no ciphertext), for the settings view. */
export function findPendingTokenAt(id: string) {
  return db.inboundWebhookSource.findUnique({ where: { id }, select: { pendingTokenAt: true } });
}

/**
 * Trusting the parked token: in one statement it joins the secrets (compare-and-swap on the list) and leaves the
 * parking place, so a token is trusted at most once.
 */
export async function trustPendingToken(
  id: string,
  before: Prisma.InputJsonValue,
  after: Prisma.InputJsonValue,
  sealedPending: string,
) {
  const res = await db.inboundWebhookSource.updateMany({
    where: { id, secrets: { equals: before }, pendingTokenSealed: sealedPending },
    data: { secrets: after, pendingTokenSealed: null, pendingTokenAt: null },
  });
  return res.count === 1;
}
