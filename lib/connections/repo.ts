// The only place connections touch Prisma. Every read takes the visibility scope; credentialsSealed is never
// selected here except by the functions whose name says so.
import { db, type TTx } from "@/lib/db";
import type { ConnectionStatus, OwnerKind, Prisma } from "@/lib/generated/prisma/client";
import type { TConnectionScope } from "@/lib/connections/scope";

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

/** Inserts a connected connection and its first status event; pass `tx` to join the caller's transaction. */
export async function insertConnection(c: TNewConnection, reason: string, tx: TTx = db) {
  const now = new Date();
  const row = await tx.connection.create({
    data: { ...c, status: "connected", lastAuthorizedAt: now },
    select: CONNECTION_PUBLIC,
  });
  await tx.connectionEvent.create({
    data: { connectionId: c.id, teamId: c.teamId, fromStatus: null, toStatus: "connected", reason },
  });
  return row;
}

export type TConnectionFilter = {
  provider?: string;
  brandId?: string;
  status?: ConnectionStatus;
  role?: string;
  ownerUserId?: string;
  shared?: boolean;
};

function filterWhere(scope: TConnectionScope, f: TConnectionFilter): Prisma.ConnectionWhereInput {
  return {
    AND: [
      visible(scope),
      {
        ...(f.provider ? { providerSlug: f.provider } : {}),
        ...(f.brandId ? { brandId: f.brandId } : {}),
        ...(f.status ? { status: f.status } : {}),
        ...(f.role ? { roles: { has: f.role } } : {}),
        ...(f.ownerUserId ? { ownerUserId: f.ownerUserId } : {}),
        ...(f.shared === undefined
          ? {}
          : f.shared
            ? { ownerKind: "shared" as const }
            : { ownerKind: { not: "shared" as const } }),
      },
    ],
  };
}

export async function findConnections(
  scope: TConnectionScope,
  f: TConnectionFilter,
  page: { take: number; skip: number },
) {
  const where = filterWhere(scope, f);
  const [rows, total] = await Promise.all([
    db.connection.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: page.take,
      skip: page.skip,
      select: CONNECTION_PUBLIC,
    }),
    db.connection.count({ where }),
  ]);
  return { rows, total };
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
  refreshRetryAfter: true,
  refreshFailures: true,
  providerDefinitionId: true,
  providerEndpointsHash: true,
} as const;

/** The one read that includes the sealed credentials; callers open them through the vault. */
export function findConnectionWithSecret(teamId: string, id: string) {
  return db.connection.findFirst({ where: { id, teamId }, select: WITH_SECRET });
}

/** Single flight across requests and processes: whoever flips the lease by this conditional update refreshes. */
export async function takeRefreshLease(teamId: string, id: string, until: Date): Promise<boolean> {
  const now = new Date();
  const res = await db.connection.updateMany({
    where: { id, teamId, OR: [{ refreshLeaseUntil: null }, { refreshLeaseUntil: { lt: now } }] },
    data: { refreshLeaseUntil: until },
  });
  return res.count === 1;
}

export function releaseRefreshLease(teamId: string, id: string) {
  return db.connection.updateMany({ where: { id, teamId }, data: { refreshLeaseUntil: null } });
}

export async function changeStatus(
  teamId: string,
  id: string,
  to: ConnectionStatus,
  reason: string,
  fields: Prisma.ConnectionUpdateManyMutationInput = {},
  tx?: TTx,
  opts: { leaveDisabled?: boolean } = {},
) {
  const run = async (t: TTx) => {
    // FOR UPDATE: a concurrent disable and a finishing refresh must not interleave between read and write.
    const locked = await t.$queryRaw<{ status: ConnectionStatus }[]>`
      SELECT status::text AS status FROM "Connection" WHERE id = ${id} AND "teamId" = ${teamId} FOR UPDATE`;
    const current = locked[0];
    if (!current) return null;
    // Only an explicit "enable" leaves disabled: a refresh or health check finishing late keeps it disabled.
    const target =
      current.status === "disabled" && to !== "disabled" && !opts.leaveDisabled ? "disabled" : to;
    await t.connection.updateMany({ where: { id, teamId }, data: { ...fields, status: target } });
    if (current.status !== target) {
      await t.connectionEvent.create({
        data: { connectionId: id, teamId, fromStatus: current.status, toStatus: target, reason },
      });
    }
    return current.status;
  };
  return tx ? run(tx) : db.$transaction(run);
}

export function updateConnectionRow(
  teamId: string,
  id: string,
  data: Prisma.ConnectionUpdateManyMutationInput,
) {
  return db.connection.updateMany({ where: { id, teamId }, data });
}

export function deleteConnectionRow(teamId: string, id: string) {
  return db.connection.deleteMany({ where: { id, teamId } });
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

/** Connected OAuth connections whose token expires before `before`, not leased, not cooling down. */
export function findDueForRefresh(before: Date, limit: number) {
  const now = new Date();
  return db.connection.findMany({
    where: {
      status: "connected",
      authMode: "oauth2",
      tokenExpiresAt: { lt: before },
      OR: [{ refreshLeaseUntil: null }, { refreshLeaseUntil: { lt: now } }],
      AND: [{ OR: [{ refreshRetryAfter: null }, { refreshRetryAfter: { lt: now } }] }],
    },
    orderBy: { tokenExpiresAt: "asc" },
    take: limit,
    select: { id: true, teamId: true },
  });
}

/** Connected connections not checked since `before` (scheduled health checks). */
export function findDueForHealthCheck(before: Date, limit: number) {
  return db.connection.findMany({
    where: { status: "connected", OR: [{ lastCheckedAt: null }, { lastCheckedAt: { lt: before } }] },
    orderBy: [{ lastCheckedAt: { sort: "asc", nulls: "first" } }],
    take: limit,
    select: { id: true, teamId: true, authMode: true },
  });
}

/** Connected OAuth connections expiring before `before` that have not been flagged yet. */
export function findExpiringUnflagged(before: Date, limit: number) {
  return db.connection.findMany({
    where: { status: "connected", authMode: "oauth2", tokenExpiresAt: { lt: before }, lastErrorCode: null },
    orderBy: { tokenExpiresAt: "asc" },
    take: limit,
    select: { id: true, teamId: true, providerSlug: true, tokenExpiresAt: true, credentialsSealed: true },
  });
}

/** How many connections (every owner, every brand) a team has for a provider slug. */
