// The only place OAuth grants (connect attempts in flight) touch the database.
import { db, type TTx } from "@/lib/db";
import { Prisma, type GrantStatus, type OwnerKind } from "@/lib/generated/prisma/client";

export type TNewGrant = {
  id: string;
  teamId: string;
  brandId: string;
  ownerKind: OwnerKind;
  ownerUserId: string | null;
  providerSlug: string;
  mode: string;
  bindTokenHash: string;
  sessionId: string | null;
  codeVerifierSealed: string;
  redirectUri: string;
  scopes: string[];
  params: Prisma.InputJsonValue;
  context: Prisma.InputJsonValue;
  label: string | null;
  returnTo: string | null;
  /** Reconnect: the existing connection the grant re-authorizes. */
  targetConnectionId?: string | null;
  /** partner mode: the connected account the connection will belong to (ownerKind = account) */
  accountId?: string | null;
  /** hosted connect session that started the grant, and the HMAC of that page's browser cookie */
  connectSessionId?: string | null;
  connectBrowserHash?: string | null;
  expiresAt: Date;
};

export function insertGrant(g: TNewGrant) {
  return db.oAuthGrant.create({ data: g, select: { id: true, expiresAt: true } });
}

const GRANT = {
  id: true,
  teamId: true,
  brandId: true,
  ownerKind: true,
  ownerUserId: true,
  accountId: true,
  connectSessionId: true,
  connectBrowserHash: true,
  providerSlug: true,
  mode: true,
  sessionId: true,
  browserHash: true,
  codeVerifierSealed: true,
  redirectUri: true,
  scopes: true,
  params: true,
  context: true,
  label: true,
  returnTo: true,
  status: true,
  errorCode: true,
  errorDescription: true,
  warningCode: true,
  warningDescription: true,
  connectionId: true,
  targetConnectionId: true,
  usedAt: true,
  boundAt: true,
  expiresAt: true,
} as const;

export function findGrantForBinding(grantId: string, bindTokenHash: string) {
  return db.oAuthGrant.findFirst({ where: { id: grantId, bindTokenHash }, select: GRANT });
}

/** Once only: the first browser to open the link binds the grant and gets the state. */
export async function bindGrantRow(
  grantId: string,
  bindTokenHash: string,
  browserHash: string,
  stateHash: string,
): Promise<boolean> {
  const res = await db.oAuthGrant.updateMany({
    where: { id: grantId, bindTokenHash, boundAt: null, status: "pending", expiresAt: { gt: new Date() } },
    data: { boundAt: new Date(), browserHash, stateHash },
  });
  return res.count === 1;
}

export function findGrantByStateHash(stateHash: string) {
  return db.oAuthGrant.findUnique({ where: { stateHash }, select: GRANT });
}

/** Single use: only one callback may claim a grant, and only while it is pending and unexpired. */
export async function claimGrant(grantId: string): Promise<boolean> {
  const res = await db.oAuthGrant.updateMany({
    where: { id: grantId, usedAt: null, status: "pending", expiresAt: { gt: new Date() } },
    data: { usedAt: new Date() },
  });
  return res.count === 1;
}

export function finishGrant(
  grantId: string,
  data: {
    status: GrantStatus;
    errorCode?: string | null;
    errorDescription?: string | null;
    connectionId?: string | null;
  },
  tx: TTx = db,
) {
  return tx.oAuthGrant.update({ where: { id: grantId }, data, select: { id: true } });
}

/** A connected grant's caveat (no_refresh_token), shown in its status. */
export function setGrantWarning(grantId: string, warning: { code: string; description: string }) {
  return db.oAuthGrant.updateMany({
    where: { id: grantId },
    data: { warningCode: warning.code, warningDescription: warning.description },
  });
}

export function expireGrant(grantId: string) {
  return db.oAuthGrant.updateMany({ where: { id: grantId, status: "pending" }, data: { status: "expired" } });
}

/** Tenancy in the where: another team's grant is not found. */
export function findGrant(scope: { teamId: string }, grantId: string) {
  return db.oAuthGrant.findFirst({ where: { id: grantId, teamId: scope.teamId }, select: GRANT });
}

/**
 * Is a browser at the provider for this connect session right now? A grant the session started that a browser
 * opened (bound) and no callback has claimed yet, unexpired. Tenancy: the session's team.
 */
export async function hasGrantInProgress(scope: { teamId: string }, connectSessionId: string): Promise<boolean> {
  const open = await db.oAuthGrant.findFirst({
    where: {
      teamId: scope.teamId,
      connectSessionId,
      status: "pending",
      usedAt: null,
      boundAt: { not: null },
      expiresAt: { gt: new Date() },
    },
    select: { id: true },
  });
  return open !== null;
}

export const transaction = <T>(fn: (tx: TTx) => Promise<T>) => db.$transaction(fn);

/** Retention: grants whose expiry passed before `before` (their status is no longer polled by anyone). */
export async function deleteGrantsExpiredBefore(before: Date): Promise<number> {
  const { count } = await db.oAuthGrant.deleteMany({ where: { expiresAt: { lt: before } } });
  return count;
}
