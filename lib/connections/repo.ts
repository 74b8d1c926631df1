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
  scopes: true,
  tokenExpiresAt: true,
  refreshTokenExpiresAt: true,
  lastAuthorizedAt: true,
  lastRefreshedAt: true,
  lastCheckedAt: true,
  lastErrorCode: true,
  lastErrorMessage: true,
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
