// The only place hosted connect sessions touch the database. Every read names the team in its `where`; the
// hosted page finds its session by the token's HMAC alone (the token is the authority there). Partner profiles and
// connected accounts belong to lib/partners; the two small reads here keep this folder independent of it.
import { db, type TTx } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

export function findPartnerProfile(teamId: string) {
  return db.partnerProfile.findFirst({
    where: { teamId },
    select: {
      teamId: true,
      enabled: true,
      displayName: true,
      logoUrl: true,
      primaryColor: true,
      backgroundColor: true,
      supportUrl: true,
      allowedRedirectOrigins: true,
      defaultProviders: true,
    },
  });
}
export type TPartnerProfileRow = NonNullable<Awaited<ReturnType<typeof findPartnerProfile>>>;

export function findAccount(teamId: string, by: { id: string } | { externalId: string }) {
  return db.connectedAccount.findFirst({
    where: { teamId, ...by },
    select: { id: true, teamId: true, externalId: true, deletingAt: true },
  });
}

const SESSION = {
  id: true,
  teamId: true,
  accountId: true,
  providers: true,
  redirectUrl: true,
  scopes: true,
  brandId: true,
  label: true,
  locale: true,
  targetConnectionId: true,
  status: true,
  connectionId: true,
  providerSlug: true,
  errorCode: true,
  errorMessage: true,
  usedAt: true,
  expiresAt: true,
  createdAt: true,
  account: { select: { externalId: true } },
} as const;
export type TSessionRow = Prisma.ConnectSessionGetPayload<{ select: typeof SESSION }>;

export function insertSession(data: Prisma.ConnectSessionUncheckedCreateInput) {
  return db.connectSession.create({ data, select: SESSION });
}

export function findSession(teamId: string, id: string) {
  return db.connectSession.findFirst({ where: { id, teamId }, select: SESSION });
}

export function findSessionByTokenHash(tokenHash: string) {
  return db.connectSession.findUnique({ where: { tokenHash }, select: SESSION });
}

/** Single use: only a pending, unused, unexpired session is claimed — by one conditional update. */
export async function claimSession(
  tx: TTx,
  id: string,
  outcome: { connectionId: string; providerSlug: string },
): Promise<boolean> {
  const res = await tx.connectSession.updateMany({
    where: { id, status: "pending", usedAt: null, expiresAt: { gt: new Date() } },
    data: { status: "connected", usedAt: new Date(), ...outcome },
  });
  return res.count === 1;
}

/** The end-user finished with an error (a refused sign-in, or they cancelled): the session is spent. */
export async function failSession(
  id: string,
  error: { code: string; message: string; providerSlug: string | null },
): Promise<boolean> {
  const res = await db.connectSession.updateMany({
    where: { id, status: "pending", usedAt: null },
    data: {
      status: "failed",
      usedAt: new Date(),
      errorCode: error.code,
      errorMessage: error.message,
      providerSlug: error.providerSlug,
    },
  });
  return res.count === 1;
}

/** Retention: sessions whose expiry passed before `before`. */
export async function deleteSessionsExpiredBefore(before: Date): Promise<number> {
  const { count } = await db.connectSession.deleteMany({ where: { expiresAt: { lt: before } } });
  return count;
}
