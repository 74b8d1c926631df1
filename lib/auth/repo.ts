// The only place lib/auth touches Prisma: single sign-on identities (Account) and e-mail verification.
// Users themselves are created by lib/tenancy (a user always comes with a team).
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";

const isUniqueViolation = (err: unknown) =>
  err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";

// ── SSO identities ──
export function findAccountByIdentity(issuer: string, subject: string) {
  return db.account.findUnique({
    where: { issuer_subject: { issuer, subject } },
    select: { id: true, userId: true },
  });
}

/** Links an identity to a user; when a concurrent sign-in linked it first, returns that row instead. */
export async function insertAccount(data: { userId: string; issuer: string; subject: string }) {
  try {
    return await db.account.create({ data, select: { id: true, userId: true } });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return db.account.findUniqueOrThrow({
      where: { issuer_subject: { issuer: data.issuer, subject: data.subject } },
      select: { id: true, userId: true },
    });
  }
}

export function touchAccount(id: string) {
  return db.account.update({ where: { id }, data: { lastLoginAt: new Date() }, select: { id: true } });
}

// ── users, as far as verification goes ──
export function findUserVerification(where: { id: string } | { email: string }) {
  return db.user.findUnique({
    where,
    select: { id: true, email: true, emailVerifiedAt: true },
  });
}

// ── verification tokens ──
/** A new link replaces every unused one of the user: only the latest mail works. */
export function replaceVerificationToken(data: {
  userId: string;
  email: string;
  tokenHash: string;
  expiresAt: Date;
}) {
  return db.$transaction(async (tx) => {
    await tx.emailVerificationToken.deleteMany({ where: { userId: data.userId, usedAt: null } });
    await tx.emailVerificationToken.create({ data, select: { id: true } });
  });
}

export type TConsumeOutcome =
  "verified" | "already_verified" | "invalid" | "used" | "expired" | "other_account";

/**
 * Single use: the conditional update on `usedAt` decides, and the user is marked verified in the same
 * transaction — for the address the link was sent to, and only if that is still the user's address.
 */
export function consumeVerificationToken(tokenHash: string, userId: string): Promise<TConsumeOutcome> {
  return db.$transaction(async (tx) => {
    const now = new Date();
    const row = await tx.emailVerificationToken.findUnique({
      where: { tokenHash },
      select: { id: true, userId: true, email: true, expiresAt: true, usedAt: true },
    });
    if (!row) return "invalid";
    if (row.userId !== userId) return "other_account"; // not consumed: the right user can still use it
    // Opening the same link again (a reload, a second tab, or two requests at once after sign-in) changes
    // nothing and says so kindly — also when the other request won the claim below while this one waited.
    const usedBefore = async () => {
      const user = await tx.user.findUnique({
        where: { id: userId },
        select: { email: true, emailVerifiedAt: true },
      });
      return user?.emailVerifiedAt && user.email === row.email ? "already_verified" : "used";
    };
    if (row.usedAt) return usedBefore();
    if (row.expiresAt <= now) return "expired";
    const claimed = await tx.emailVerificationToken.updateMany({
      where: { id: row.id, usedAt: null },
      data: { usedAt: now },
    });
    if (claimed.count === 0) return usedBefore();
    const marked = await tx.user.updateMany({
      where: { id: userId, email: row.email },
      data: { emailVerifiedAt: now },
    });
    return marked.count === 1 ? "verified" : "invalid";
  });
}

/** Retention: verification tokens that expired before `before` (used or not; the link is dead either way). */
export async function deleteVerificationTokensExpiredBefore(before: Date): Promise<number> {
  const { count } = await db.emailVerificationToken.deleteMany({ where: { expiresAt: { lt: before } } });
  return count;
}
