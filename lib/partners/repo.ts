// The only place lib/partners touches Prisma. Every function takes the team scope and puts it in the `where`: an
// account of another team is simply not found.
import { db, type TTx } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

export type TTeamScope = { teamId: string };

// ── partner profile ──

export function findProfile(scope: TTeamScope) {
  return db.partnerProfile.findUnique({ where: { teamId: scope.teamId } });
}
export type TProfileRow = NonNullable<Awaited<ReturnType<typeof findProfile>>>;

export function upsertProfile(
  scope: TTeamScope,
  create: Omit<Prisma.PartnerProfileUncheckedCreateInput, "teamId">,
  update: Prisma.PartnerProfileUncheckedUpdateInput,
) {
  return db.partnerProfile.upsert({
    where: { teamId: scope.teamId },
    create: { ...create, teamId: scope.teamId },
    update,
  });
}

// ── connected accounts ──

const ACCOUNT = {
  id: true,
  teamId: true,
  externalId: true,
  displayName: true,
  metadata: true,
  deletingAt: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { connections: true } },
} as const;
export type TAccountRow = Prisma.ConnectedAccountGetPayload<{ select: typeof ACCOUNT }>;

export function insertAccount(
  tx: TTx,
  scope: TTeamScope,
  a: { id: string; externalId: string; displayName: string | null; metadata: Prisma.InputJsonValue },
) {
  return tx.connectedAccount.create({ data: { ...a, teamId: scope.teamId }, select: ACCOUNT });
}

export function findAccountByExternalIdTx(tx: TTx, scope: TTeamScope, externalId: string) {
  return tx.connectedAccount.findUnique({
    where: { teamId_externalId: { teamId: scope.teamId, externalId } },
    select: { id: true },
  });
}

export function findAccount(scope: TTeamScope, id: string) {
  return db.connectedAccount.findFirst({ where: { id, teamId: scope.teamId }, select: ACCOUNT });
}

export function findAccountByExternalId(scope: TTeamScope, externalId: string) {
  return db.connectedAccount.findUnique({
    where: { teamId_externalId: { teamId: scope.teamId, externalId } },
    select: { id: true, deletingAt: true },
  });
}

export type TAccountFilter = {
  externalId?: string;
  externalIdPrefix?: string;
  createdAfter?: Date;
  createdBefore?: Date;
};

/** Newest first; keyset on (createdAt, id), stable under inserts. */
export function findAccounts(
  scope: TTeamScope,
  f: TAccountFilter,
  page: { take: number; after?: { createdAt: Date; id: string } },
) {
  const where: Prisma.ConnectedAccountWhereInput = {
    teamId: scope.teamId,
    ...(f.externalId !== undefined ? { externalId: f.externalId } : {}),
    ...(f.externalIdPrefix !== undefined ? { externalId: { startsWith: f.externalIdPrefix } } : {}),
    ...(f.createdAfter || f.createdBefore
      ? {
          createdAt: {
            ...(f.createdAfter ? { gte: f.createdAfter } : {}),
            ...(f.createdBefore ? { lt: f.createdBefore } : {}),
          },
        }
      : {}),
  };
  // exact and prefix together: both must hold
  const exactAndPrefix =
    f.externalId !== undefined && f.externalIdPrefix !== undefined
      ? [{ externalId: f.externalId }, { externalId: { startsWith: f.externalIdPrefix } }]
      : [];
  const after = page.after;
  return db.connectedAccount.findMany({
    where: {
      AND: [
        where,
        ...exactAndPrefix,
        ...(after
          ? [
              {
                OR: [
                  { createdAt: { lt: after.createdAt } },
                  { createdAt: after.createdAt, id: { lt: after.id } },
                ],
              },
            ]
          : []),
      ],
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: page.take,
    select: ACCOUNT,
  });
}

/** null when the account is not the team's (or is being deleted: it no longer changes). */
export async function updateAccountRow(
  scope: TTeamScope,
  id: string,
  data: { externalId?: string; displayName?: string | null; metadata?: Prisma.InputJsonValue },
) {
  const { count } = await db.connectedAccount.updateMany({
    where: { id, teamId: scope.teamId, deletingAt: null },
    data,
  });
  return count;
}

/** Marks the account for deletion; false when it is not the team's. Already-deleting stays as it was. */
export async function markAccountDeleting(tx: TTx, scope: TTeamScope, id: string, at: Date) {
  const { count } = await tx.connectedAccount.updateMany({
    where: { id, teamId: scope.teamId, deletingAt: null },
    data: { deletingAt: at },
  });
  return count === 1;
}

export function findAccountConnectionIds(scope: TTeamScope, accountId: string) {
  return db.connection.findMany({
    where: { teamId: scope.teamId, accountId },
    select: { id: true, providerSlug: true },
    orderBy: { createdAt: "asc" },
  });
}

/** Deletes the account only when it is marked and no connection is left (one made meanwhile keeps it). */
export async function deleteAccountIfEmpty(scope: TTeamScope, id: string) {
  const { count } = await db.connectedAccount.deleteMany({
    where: { id, teamId: scope.teamId, deletingAt: { not: null }, connections: { none: {} } },
  });
  return count === 1;
}

// ── X-Account-Id ──

export function findAccountConnectionsOf(scope: TTeamScope, accountId: string, providerSlug: string) {
  return db.connection.findMany({
    where: { teamId: scope.teamId, accountId, providerSlug },
    select: { id: true, label: true, status: true },
    orderBy: { createdAt: "asc" },
    take: 50,
  });
}

export async function accountHasConnection(scope: TTeamScope, accountId: string, connectionId: string) {
  const n = await db.connection.count({ where: { id: connectionId, teamId: scope.teamId, accountId } });
  return n === 1;
}

/** The dashboard's account detail: its connections, never a secret (no credential column is selected). */
export function findAccountConnections(scope: TTeamScope, accountId: string) {
  return db.connection.findMany({
    where: { teamId: scope.teamId, accountId },
    select: {
      id: true,
      providerSlug: true,
      label: true,
      status: true,
      brandId: true,
      createdAt: true,
      brand: { select: { name: true } },
    },
    orderBy: { createdAt: "asc" },
  });
}
