// The only place connections touch Prisma. Every read takes the visibility scope; credentialsSealed is never
// selected here except by the functions whose name says so.
import crypto from "node:crypto";
import { db, type TTx } from "@/lib/db";
import { invalidateHere } from "@/lib/cache-bus/bus";
import { CONNECTION_ROW_TOPIC } from "@/lib/cache-bus/topics";
import { Prisma, type ConnectionStatus, type OwnerKind } from "@/lib/generated/prisma/client";
import type { TConnectionScope } from "@/lib/connections/scope";
import { afterCursor, NEWEST_FIRST, type TCursor } from "@/lib/pagination";
import { emitEvent } from "@/lib/events/emit-event";
import type { TEventType } from "@/lib/events/event-types";

/** Outbound events about connections (lib/events), emitted in the transaction of the change they report. */
export type TConnectionEventType = Extract<TEventType, `connection.${string}`>;
type TEventConnection = { id: string; teamId: string; brandId: string; providerSlug: string };

async function emitConnectionEvent(
  tx: TTx,
  c: TEventConnection,
  type: TConnectionEventType,
  extra: Prisma.InputJsonObject,
) {
  await emitEvent(tx, {
    teamId: c.teamId,
    brandId: c.brandId,
    connectionId: c.id,
    type,
    data: { connection: { id: c.id, provider: c.providerSlug, brand_id: c.brandId }, ...extra },
  });
}

/** Status changes that are events by themselves, whoever causes them. */
const STATUS_EVENTS: Partial<Record<ConnectionStatus, TConnectionEventType>> = {
  needs_reauth: "connection.needs_reauth",
  disabled: "connection.disabled",
};

export const CONNECTION_PUBLIC = {
  id: true,
  teamId: true,
  brandId: true,
  ownerKind: true,
  ownerUserId: true,
  accountId: true,
  providerSlug: true,
  authMode: true,
  status: true,
  label: true,
  accountIdentity: true,
  params: true,
  metadata: true,
  context: true,
  settings: true,
  roles: true,
  primaryRoles: true,
  scopes: true,
  tokenExpiresAt: true,
  refreshTokenExpiresAt: true,
  lastAuthorizedAt: true,
  lastRefreshedAt: true,
  lastCheckedAt: true,
  lastErrorCode: true,
  lastErrorMessage: true,
  warningCode: true,
  warningMessage: true,
  createdAt: true,
  updatedAt: true,
} as const;
export type TConnectionRow = Prisma.ConnectionGetPayload<{ select: typeof CONNECTION_PUBLIC }>;

function visible(scope: TConnectionScope): Prisma.ConnectionWhereInput {
  return scope.viewerUserId
    ? { teamId: scope.teamId, OR: [{ ownerKind: "shared" }, { ownerUserId: scope.viewerUserId }] }
    : { teamId: scope.teamId };
}

export type TNewConnection = {
  id: string;
  teamId: string;
  brandId: string;
  ownerKind: OwnerKind;
  ownerUserId: string | null;
  /** partner mode: the connected account that owns it (ownerKind = account) */
  accountId?: string | null;
  providerSlug: string;
  authMode: string;
  label: string | null;
  accountIdentity: Prisma.InputJsonValue;
  params: Prisma.InputJsonValue;
  metadata: Prisma.InputJsonValue;
  context: Prisma.InputJsonValue;
  scopes: string[];
  credentialsSealed: string;
  tokenExpiresAt: Date | null;
  refreshTokenExpiresAt: Date | null;
  /** custom providers: the definition the connection was made with (see load-provider-for-connection.ts) */
  providerDefinitionId?: string | null;
  providerEndpointsHash?: string | null;
};

/**
 * Inserts a connected connection, its first status event and the connection.created event; pass `tx` to join the
 * caller's transaction (otherwise one of its own).
 */
export async function insertConnection(c: TNewConnection, reason: string, tx?: TTx) {
  const run = async (t: TTx) => {
    const now = new Date();
    const row = await t.connection.create({
      data: { ...c, status: "connected", lastAuthorizedAt: now },
      select: CONNECTION_PUBLIC,
    });
    await t.connectionEvent.create({
      data: { connectionId: c.id, teamId: c.teamId, fromStatus: null, toStatus: "connected", reason },
    });
    await emitConnectionEvent(t, c, "connection.created", {
      status: "connected",
      auth_mode: c.authMode,
      owner_kind: c.ownerKind,
    });
    return row;
  };
  return tx ? run(tx) : db.$transaction(run);
}

export type TConnectionFilter = {
  provider?: string;
  brandId?: string;
  status?: ConnectionStatus;
  role?: string;
  ownerKind?: OwnerKind;
  ownerUserId?: string;
  accountId?: string;
  label?: string;
  shared?: boolean;
  /** label, the account's name or e-mail at the provider (contains, any case), or a connection id prefix */
  search?: string;
};

function filterWhere(scope: TConnectionScope, f: TConnectionFilter): Prisma.ConnectionWhereInput {
  const and: Prisma.ConnectionWhereInput[] = [visible(scope)];
  if (f.provider) and.push({ providerSlug: f.provider });
  if (f.brandId) and.push({ brandId: f.brandId });
  if (f.status) and.push({ status: f.status });
  if (f.role) and.push({ roles: { has: f.role } });
  if (f.ownerKind) and.push({ ownerKind: f.ownerKind });
  if (f.ownerUserId) and.push({ ownerUserId: f.ownerUserId });
  if (f.accountId) and.push({ accountId: f.accountId });
  if (f.label) and.push({ label: { equals: f.label, mode: "insensitive" } });
  if (f.shared !== undefined) and.push({ ownerKind: f.shared ? "shared" : { not: "shared" } });
  if (f.search) {
    const q = f.search;
    and.push({
      OR: [
        { id: { startsWith: q } },
        { label: { contains: q, mode: "insensitive" } },
        { accountIdentity: { path: ["name"], string_contains: q, mode: "insensitive" } },
        { accountIdentity: { path: ["email"], string_contains: q, mode: "insensitive" } },
      ],
    });
  }
  return { AND: and };
}

/**
 * One page, newest first, by keyset (lib/pagination): `take` should be the page size + 1. No count: the indexes
 * (teamId, createdAt, id) and (teamId, <filter column>, createdAt, id) let PostgreSQL read the page in order and
 * stop, whatever the page's depth; a count would read every matching row on every call.
 */
export async function findConnections(
  scope: TConnectionScope,
  f: TConnectionFilter,
  page: { take: number; after?: TCursor },
) {
  const where = filterWhere(scope, f);
  return db.connection.findMany({
    where: page.after ? { AND: [where, afterCursor(page.after)] } : where,
    orderBy: NEWEST_FIRST,
    take: page.take,
    select: CONNECTION_PUBLIC,
  });
}

/** Visible connections among these ids (bulk actions: the rest are not found, whatever the reason). */
export function findConnectionsByIds(scope: TConnectionScope, ids: string[]) {
  return db.connection.findMany({
    where: { AND: [visible(scope), { id: { in: ids } }] },
    select: { id: true, ownerKind: true, authMode: true, status: true },
  });
}

export function findConnection(scope: TConnectionScope, id: string) {
  return db.connection.findFirst({ where: { AND: [visible(scope), { id }] }, select: CONNECTION_PUBLIC });
}

export function findConnectionEvents(scope: TConnectionScope, id: string) {
  return db.connectionEvent.findMany({
    where: { connectionId: id, teamId: scope.teamId, connection: visible(scope) },
    orderBy: { createdAt: "asc" },
    select: { id: true, fromStatus: true, toStatus: true, reason: true, createdAt: true },
  });
}

// ── lifecycle ──

const WITH_SECRET = {
  ...CONNECTION_PUBLIC,
  credentialsSealed: true,
  refreshLeaseUntil: true,
  refreshLeaseHolder: true,
  refreshRetryAfter: true,
  refreshFailures: true,
  providerDefinitionId: true,
  providerEndpointsHash: true,
} as const;

/** The one read that includes the sealed credentials; callers open them through the vault. */
export function findConnectionWithSecret(teamId: string, id: string) {
  return db.connection.findFirst({ where: { id, teamId }, select: WITH_SECRET });
}

/**
 * Runs `write`, then drops the proxy's cached row of the connection in this process (row-cache.ts) — also when
 * the write failed (it may have landed).
 */
async function forgetAfter<T>(id: string, write: Promise<T>): Promise<T> {
  try {
    return await write;
  } finally {
    invalidateHere(CONNECTION_ROW_TOPIC, id);
  }
}

/**
 * The proxy's one database read per request: the caller's view (visibility as findConnection) and the sealed
 * credentials in the same query.
 */
export async function findVisibleConnectionWithSecret(
  scope: TConnectionScope,
  id: string,
): Promise<TSecretConnectionRow | null> {
  // Raw SQL on purpose: this read runs on every proxied request, and Prisma's query compiler costs more CPU
  // than the rest of the request (measured: ~40 % of a proxied call). Same columns and visibility as
  // findConnection (visible()); the enums are read as text.
  const viewer = scope.viewerUserId
    ? Prisma.sql`AND ("ownerKind" = 'shared' OR "ownerUserId" = ${scope.viewerUserId})`
    : Prisma.empty;
  const rows = await db.$queryRaw<TSecretConnectionRow[]>`
    SELECT ${SECRET_COLUMNS} FROM "Connection" WHERE id = ${id} AND "teamId" = ${scope.teamId} ${viewer} LIMIT 1`;
  return rows[0] ?? null;
}

export type TSecretConnectionRow = Prisma.ConnectionGetPayload<{ select: typeof WITH_SECRET }>;

const ENUM_COLUMNS: ReadonlySet<string> = new Set(["status", "ownerKind"]);
const SECRET_COLUMNS = Prisma.raw(
  Object.keys(WITH_SECRET)
    .map((c) => (ENUM_COLUMNS.has(c) ? `"${c}"::text AS "${c}"` : `"${c}"`))
    .join(", "),
);

// The refresh lease. Whoever flips refreshLeaseUntil by the conditional update in takeRefreshLease holds it, and
// writes a random holder token with it. Every later write under the lease — renewing it, releasing it, storing
// the refresh's result — is conditional on that token, so a holder that finished (or whose lease expired and was
// taken over) can never free or overwrite the next holder's lease. An unconditional release would: holder A writes
// its tokens and clears the lease, C takes it, A's clean-up then clears C's lease, and D re-reads the refresh token
// C is still using — the provider sees one rotated token twice and revokes the grant (issue 7, finding A).

const LEASE_CLEARED = { refreshLeaseUntil: null, refreshLeaseHolder: null } as const;

/** Takes the lease if it is free (or expired); returns the holder token, or null when someone else holds it. */
export async function takeRefreshLease(teamId: string, id: string, until: Date): Promise<string | null> {
  return (await takeRefreshLeaseWithRow(teamId, id, until))?.holder ?? null;
}

/**
 * As takeRefreshLease, and in the same statement (UPDATE … RETURNING) the row as it is under the lease, sealed
 * credentials included: a refresh needs no separate read once it holds the lease.
 */
export async function takeRefreshLeaseWithRow(teamId: string, id: string, until: Date) {
  const holder = crypto.randomBytes(16).toString("base64url");
  // Raw SQL: one statement per refresh at 200/s, and Prisma compiles updateManyAndReturn anew every time (its
  // WebAssembly query compiler was the largest CPU cost of a refresh). The lease is free when unset or expired.
  const now = new Date();
  const rows = await db.$queryRaw<TSecretConnectionRow[]>`
    UPDATE "Connection" SET "refreshLeaseUntil" = ${until}, "refreshLeaseHolder" = ${holder}, "updatedAt" = ${now}
    WHERE id = ${id} AND "teamId" = ${teamId} AND ("refreshLeaseUntil" IS NULL OR "refreshLeaseUntil" < ${now})
    RETURNING ${SECRET_COLUMNS}`;
  const row = rows[0];
  return row ? { holder, row } : null;
}

/**
 * Extends the lease, only for its holder. False means it was taken over (it had expired): the caller must not
 * send anything more to the provider under it.
 */
export async function renewRefreshLease(teamId: string, id: string, holder: string, until: Date) {
  const res = await db.connection.updateMany({
    where: { id, teamId, refreshLeaseHolder: holder },
    data: { refreshLeaseUntil: until },
  });
  return res.count === 1;
}

/** Gives the lease back — only if it is still this holder's (a no-op after a result write cleared it). */
export function releaseRefreshLease(teamId: string, id: string, holder: string) {
  return db.connection.updateMany({
    where: { id, teamId, refreshLeaseHolder: holder },
    data: LEASE_CLEARED,
  });
}

/**
 * Writes a refresh's bookkeeping and frees the lease in one conditional update. False when the lease is no
 * longer this holder's: someone else took over, and their result is the one that counts.
 */
export async function writeUnderLease(
  teamId: string,
  id: string,
  holder: string,
  data: Prisma.ConnectionUpdateManyMutationInput,
  event?: { type: TConnectionEventType; data: Prisma.InputJsonObject },
) {
  const write = async (t: TTx) => {
    const res = await t.connection.updateMany({
      where: { id, teamId, refreshLeaseHolder: holder },
      data: { ...data, ...LEASE_CLEARED },
    });
    return res.count === 1;
  };
  if (!event) return forgetAfter(id, write(db));
  return forgetAfter(
    id,
    db.$transaction(async (tx) => {
      if (!(await write(tx))) return false;
      const row = await tx.connection.findFirst({
        where: { id, teamId },
        select: { id: true, teamId: true, brandId: true, providerSlug: true, status: true },
      });
      if (row) await emitConnectionEvent(tx, row, event.type, { status: row.status, ...event.data });
      return true;
    }),
  );
}

export type TChangeStatusOptions = {
  /** Join the caller's transaction. */
  tx?: TTx;
  /** Only an explicit "enable" sets this: without it a disabled connection stays disabled. */
  leaveDisabled?: boolean;
  /**
   * Write only if this refresh-lease holder still holds the lease, and free it with the same write. Returns null
   * (nothing written) when it does not.
   */
  leaseHolder?: string;
  /**
   * Outbound events to emit with the write (connection.refreshed …). connection.needs_reauth and
   * connection.disabled are emitted by any change INTO those statuses without being asked.
   */
  events?: TConnectionEventType[];
};

/**
 * Moves a connection to `to` with `fields`, recording an event when the status really changes. Returns the
 * previous status, or null when nothing was written (no such connection, or `leaseHolder` lost the lease).
 */
export async function changeStatus(
  teamId: string,
  id: string,
  to: ConnectionStatus,
  reason: string,
  fields: Prisma.ConnectionUpdateManyMutationInput = {},
  opts: TChangeStatusOptions = {},
) {
  const { leaseHolder } = opts;
  const run = async (t: TTx) => {
    // FOR UPDATE: a concurrent disable and a finishing refresh must not interleave between read and write.
    type TLocked = { status: ConnectionStatus; brandId: string; providerSlug: string };
    const locked =
      leaseHolder === undefined
        ? await t.$queryRaw<TLocked[]>`
            SELECT status::text AS status, "brandId", "providerSlug" FROM "Connection"
            WHERE id = ${id} AND "teamId" = ${teamId} FOR UPDATE`
        : await t.$queryRaw<TLocked[]>`
            SELECT status::text AS status, "brandId", "providerSlug" FROM "Connection"
            WHERE id = ${id} AND "teamId" = ${teamId} AND "refreshLeaseHolder" = ${leaseHolder} FOR UPDATE`;
    const current = locked[0];
    if (!current) return null;
    // Only an explicit "enable" leaves disabled: a refresh or health check finishing late keeps it disabled.
    const target =
      current.status === "disabled" && to !== "disabled" && !opts.leaveDisabled ? "disabled" : to;
    const data = leaseHolder === undefined ? fields : { ...fields, ...LEASE_CLEARED };
    await t.connection.updateMany({ where: { id, teamId }, data: { ...data, status: target } });
    if (current.status !== target) {
      await t.connectionEvent.create({
        data: { connectionId: id, teamId, fromStatus: current.status, toStatus: target, reason },
      });
    }
    const types = new Set(opts.events ?? []);
    const byStatus = STATUS_EVENTS[target];
    if (byStatus && current.status !== target) types.add(byStatus);
    const errorCode = typeof fields.lastErrorCode === "string" ? fields.lastErrorCode : null;
    for (const type of types) {
      await emitConnectionEvent(t, { id, teamId, ...current }, type, {
        status: target,
        previous_status: current.status,
        reason,
        error_code: errorCode,
      });
    }
    return current.status;
  };
  // A refresh result must not be lost to a busy pool (the provider may already have rotated the refresh token it
  // replaces), so a lease holder's write waits longer for a connection than Prisma's default 2 s.
  return forgetAfter(
    id,
    opts.tx ? run(opts.tx) : db.$transaction(run, leaseHolder ? { maxWait: 15_000 } : undefined),
  );
}

/** Emits `event` (if given) with the update, in one transaction. */
export async function updateConnectionRow(
  teamId: string,
  id: string,
  data: Prisma.ConnectionUpdateManyMutationInput,
  event?: { type: TConnectionEventType; data: Prisma.InputJsonObject },
) {
  if (!event) return forgetAfter(id, db.connection.updateMany({ where: { id, teamId }, data }));
  return forgetAfter(
    id,
    db.$transaction(async (tx) => {
      const res = await tx.connection.updateMany({ where: { id, teamId }, data });
      const row = await tx.connection.findFirst({
        where: { id, teamId },
        select: { id: true, teamId: true, brandId: true, providerSlug: true, status: true },
      });
      if (res.count === 1 && row)
        await emitConnectionEvent(tx, row, event.type, { status: row.status, ...event.data });
      return res;
    }),
  );
}

/** Deletes the connection and emits connection.deleted in the same transaction. */
export function deleteConnectionRow(teamId: string, id: string) {
  return forgetAfter(
    id,
    db.$transaction(async (tx) => {
      const row = await tx.connection.findFirst({
        where: { id, teamId },
        select: { id: true, teamId: true, brandId: true, providerSlug: true, status: true },
      });
      const res = await tx.connection.deleteMany({ where: { id, teamId } });
      if (res.count === 1 && row)
        await emitConnectionEvent(tx, row, "connection.deleted", { previous_status: row.status });
      return res;
    }),
  );
}

/** One primary per role per brand: clear the role elsewhere in the brand, then set it here — one transaction. */
export function promotePrimaryRow(teamId: string, brandId: string, id: string, role: string) {
  return db.$transaction(async (tx) => {
    // Two promotions at once in one brand must not both find "no other primary".
    await tx.$queryRaw`SELECT id FROM "Brand" WHERE id = ${brandId} AND "teamId" = ${teamId} FOR UPDATE`;
    const others = await tx.connection.findMany({
      where: { teamId, brandId, primaryRoles: { has: role }, NOT: { id } },
      select: { id: true, primaryRoles: true },
    });
    for (const o of others) {
      await tx.connection.update({
        where: { id: o.id },
        data: { primaryRoles: o.primaryRoles.filter((r) => r !== role) },
      });
    }
    const me = await tx.connection.findFirstOrThrow({
      where: { id, teamId },
      select: { primaryRoles: true, roles: true },
    });
    await tx.connection.update({
      where: { id },
      data: {
        primaryRoles: [...new Set([...me.primaryRoles, role])],
        roles: [...new Set([...me.roles, role])],
      },
    });
    return others.map((o) => o.id);
  });
}

/**
 * Connected OAuth connections due for a proactive refresh, not leased, not cooling down. Due = the same rule as
 * isRefreshDue (lib/connections/refresh-due.ts), in SQL so that connections not yet due never fill the batch: the
 * token expires within `marginMs` AND at most (1 − fraction) of its lifetime is left, the lifetime counted from
 * when the current token was obtained (last refresh or authorization).
 */
/**
 * OAuth connections whose refresh is due at or before `dueBefore`, each with when it may start: its due time
 * (isRefreshDue's SQL twin: expiry − min(margin, remainingFraction × lifetime)), pushed back past a lease held by
 * someone else and past a retry backoff. `dueBefore` = now gives what is due now; a later `dueBefore` lets the
 * refresh scan enqueue each refresh ahead of time to start at its due time.
 *
 * Indexed: the range bound `tokenExpiresAt < dueBefore + margin` (the due time is never earlier than
 * expiry − margin) walks Connection(status, authMode, tokenExpiresAt) from the oldest expiry, so a pass reads
 * the rows falling due plus those held back (lease, backoff) — not the table.
 */
export function findRefreshCandidates(
  now: Date,
  dueBefore: Date,
  marginMs: number,
  remainingFraction: number,
  limit: number,
) {
  // timestamp(3) columns hold UTC; the literal's zone is ignored by the cast
  const at = now.toISOString();
  const until = dueBefore.toISOString();
  const bound = new Date(dueBefore.getTime() + marginMs).toISOString();
  const margin = `${String(marginMs)} milliseconds`;
  return db.$queryRaw<{ id: string; teamId: string; startAt: Date }[]>`
    SELECT id, "teamId", "startAt" FROM (
      SELECT id, "teamId", "tokenExpiresAt", GREATEST(
          "tokenExpiresAt" - LEAST(${margin}::interval, ${remainingFraction}::float8 * CASE
            WHEN COALESCE("lastRefreshedAt", "lastAuthorizedAt") IS NOT NULL
            THEN GREATEST("tokenExpiresAt" - GREATEST("lastRefreshedAt", "lastAuthorizedAt"), interval '0') END),
          CASE WHEN "refreshLeaseUntil" >= ${at}::timestamp(3) THEN "refreshLeaseUntil" END,
          CASE WHEN "refreshRetryAfter" >= ${at}::timestamp(3) THEN "refreshRetryAfter" END
        ) AS "startAt"
      FROM "Connection"
      WHERE status = 'connected' AND "authMode" = 'oauth2' AND "tokenExpiresAt" < ${bound}::timestamp(3)
    ) c
    WHERE "startAt" <= ${until}::timestamp(3)
    ORDER BY "tokenExpiresAt" ASC
    LIMIT ${limit}`;
}

/** Connections due for a proactive refresh now (one synchronous pass: tests, an external cron). */
export async function findDueForRefresh(
  now: Date,
  marginMs: number,
  remainingFraction: number,
  limit: number,
) {
  const rows = await findRefreshCandidates(now, now, marginMs, remainingFraction, limit);
  return rows.map(({ id, teamId }) => ({ id, teamId }));
}

/** Connected connections not checked since `before` (scheduled health checks). */
/** A connection never tested counts as checked when it was made: creating it verified it with the provider. */
export function findDueForHealthCheck(before: Date, limit: number) {
  return db.connection.findMany({
    where: {
      status: "connected",
      OR: [{ lastCheckedAt: { lt: before } }, { lastCheckedAt: null, createdAt: { lt: before } }],
    },
    orderBy: [{ lastCheckedAt: { sort: "asc", nulls: "first" } }],
    take: limit,
    select: { id: true, teamId: true, authMode: true },
  });
}

/** Connected OAuth connections expiring before `before` that have not been flagged yet, in (expiry, id) order
 * after the cursor `after` (pages through renewable ones that are never flagged). */
export function findExpiringUnflagged(
  before: Date,
  limit: number,
  after?: { tokenExpiresAt: Date; id: string },
) {
  const where: Prisma.ConnectionWhereInput = {
    status: "connected",
    authMode: "oauth2",
    tokenExpiresAt: { lt: before },
    lastErrorCode: null,
  };
  if (after) {
    where.OR = [
      { tokenExpiresAt: { gt: after.tokenExpiresAt } },
      { tokenExpiresAt: after.tokenExpiresAt, id: { gt: after.id } },
    ];
  }
  return db.connection.findMany({
    where,
    orderBy: [{ tokenExpiresAt: "asc" }, { id: "asc" }],
    take: limit,
    select: { id: true, teamId: true, providerSlug: true, tokenExpiresAt: true, credentialsSealed: true },
  });
}

/** How many connections (every owner, every brand) a team has for a provider slug. */

/**
 * Reconnect: new credentials into an existing connection, in the caller's transaction. The row is locked and must
 * still be the grant's (same team, brand, provider) and act as the same account: when both the stored and the new
 * identity name an account id and they differ, nothing is written ("identity_mismatch"). The refresh lease is
 * cleared with the same write, so a refresh that was in flight with the old tokens cannot store its result over
 * these (its writes are conditional on its holder token).
 */
export async function reauthorizeConnectionRow(
  tx: TTx,
  where: { teamId: string; id: string; brandId: string; providerSlug: string },
  newAccountId: string | undefined,
  data: Prisma.ConnectionUpdateManyMutationInput,
  reason: string,
): Promise<
  | { outcome: "gone" }
  | { outcome: "identity_mismatch" }
  | { outcome: "updated"; previousStatus: ConnectionStatus; status: ConnectionStatus }
> {
  const locked = await tx.$queryRaw<{ status: ConnectionStatus; accountId: string | null }[]>`
    SELECT status::text AS status, "accountIdentity"->>'id' AS "accountId" FROM "Connection"
    WHERE id = ${where.id} AND "teamId" = ${where.teamId} AND "brandId" = ${where.brandId}
      AND "providerSlug" = ${where.providerSlug}
    FOR UPDATE`;
  const current = locked[0];
  if (!current) return { outcome: "gone" };
  invalidateHere(CONNECTION_ROW_TOPIC, where.id); // before the caller's commit; only usable rows are cached
  if (current.accountId && newAccountId && current.accountId !== newAccountId)
    return { outcome: "identity_mismatch" };
  // A disabled connection stays disabled (only an explicit "enable" leaves it); it gets fresh credentials.
  const status: ConnectionStatus = current.status === "disabled" ? "disabled" : "connected";
  await tx.connection.updateMany({
    where: { id: where.id, teamId: where.teamId },
    data: { ...data, status, ...LEASE_CLEARED },
  });
  if (current.status !== status)
    await tx.connectionEvent.create({
      data: {
        connectionId: where.id,
        teamId: where.teamId,
        fromStatus: current.status,
        toStatus: status,
        reason,
      },
    });
  return { outcome: "updated", previousStatus: current.status, status };
}

// ── overview ──

/** Connections by brand and status, counted by the database (one grouped query; index teamId, brandId, status). */
export function countByBrandAndStatus(scope: TConnectionScope) {
  return db.connection.groupBy({
    by: ["brandId", "status"],
    where: visible(scope),
    _count: { _all: true },
  });
}

/** What needs someone: re-auth, errors, and tokens about to expire with no way to renew them (expires_soon). */
export const NEEDS_ATTENTION: Prisma.ConnectionWhereInput = {
  OR: [{ status: { in: ["needs_reauth", "error"] } }, { status: "connected", lastErrorCode: "expires_soon" }],
};

/** The first `take` connections that need attention (most recently changed first) and how many there are. */
export async function findNeedingAttention(scope: TConnectionScope, take: number, countCap: number) {
  const where = { AND: [visible(scope), NEEDS_ATTENTION] };
  const [rows, total] = await Promise.all([
    db.connection.findMany({
      where,
      orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
      take,
      select: CONNECTION_PUBLIC,
    }),
    // counted up to a cap: "1000+" says enough, and the count stays cheap with very many broken connections
    db.connection.count({ where, take: countCap }),
  ]);
  return { rows, total };
}

/** Has the team any connection of this provider (first-run checklist: "connect the Sandbox")? */
export async function hasConnectionOf(teamId: string, providerSlug: string) {
  return (await db.connection.findFirst({ where: { teamId, providerSlug }, select: { id: true } })) !== null;
}
