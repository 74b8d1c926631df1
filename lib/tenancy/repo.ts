// The only place tenancy touches Prisma. Every function takes the team scope and puts it in the `where`.
import { beforeCursor, OLDEST_FIRST, type TPageRequest } from "@/lib/pagination";
import { db, type TTx } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";

type TTeamScope = { teamId: string };

// ── users ──
export function findUserByEmail(email: string) {
  return db.user.findUnique({
    where: { email },
    select: { id: true, email: true, passwordHash: true, isSuperuser: true },
  });
}
export function findUserById(id: string) {
  return db.user.findUnique({
    where: { id },
    select: { id: true, email: true, name: true, isSuperuser: true },
  });
}

/** Sign-up is one transaction: user, team, owner membership and the first brand — or nothing. */
export function insertUserWithTeam(data: {
  email: string;
  name: string | null;
  passwordHash: string | null;
  teamName: string;
  isSuperuser?: boolean;
  /** Set when the address is already proven (an IdP's verified e-mail claim). */
  emailVerifiedAt?: Date;
}) {
  return db.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: {
        email: data.email,
        name: data.name,
        passwordHash: data.passwordHash,
        isSuperuser: data.isSuperuser ?? false,
        emailVerifiedAt: data.emailVerifiedAt ?? null,
      },
      select: { id: true, email: true },
    });
    const team = await tx.team.create({ data: { name: data.teamName }, select: { id: true, name: true } });
    await tx.membership.create({ data: { teamId: team.id, userId: user.id, role: "owner" } });
    const brand = await tx.brand.create({ data: { teamId: team.id, name: "Default" }, select: { id: true } });
    return { user, team, brandId: brand.id };
  });
}

// ── teams & memberships ──
export function findMembership(userId: string, teamId: string) {
  return db.membership.findUnique({
    where: { teamId_userId: { teamId, userId } },
    select: { role: true, team: { select: { id: true, name: true } } },
  });
}
export function findMembershipsOfUser(userId: string) {
  return db.membership.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { role: true, team: { select: { id: true, name: true } } },
  });
}
export function findTeam(scope: TTeamScope) {
  return db.team.findUnique({
    where: { id: scope.teamId },
    select: { id: true, name: true, allowedOrigins: true },
  });
}
/** The superuser switch read by POST /api/v1/connections (authorization codes with the instance's apps). */
export async function findInstanceCodeRedemption(scope: TTeamScope): Promise<boolean> {
  const t = await db.team.findUnique({
    where: { id: scope.teamId },
    select: { allowInstanceCodeRedemption: true },
  });
  return t?.allowInstanceCodeRedemption ?? false;
}
export function setInstanceCodeRedemptionRow(scope: TTeamScope, allowed: boolean) {
  return db.team.updateMany({ where: { id: scope.teamId }, data: { allowInstanceCodeRedemption: allowed } });
}
export function updateTeam(scope: TTeamScope, data: { name?: string; allowedOrigins?: string[] }) {
  return db.team.update({
    where: { id: scope.teamId },
    data,
    select: { id: true, name: true, allowedOrigins: true },
  });
}
export function findMembers(scope: TTeamScope) {
  return db.membership.findMany({
    where: { teamId: scope.teamId },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      role: true,
      createdAt: true,
      user: { select: { id: true, email: true, name: true } },
    },
  });
}
export function findMember(scope: TTeamScope, membershipId: string) {
  return db.membership.findFirst({
    where: { id: membershipId, teamId: scope.teamId },
    select: { id: true, role: true, userId: true },
  });
}
/** Serialises invariant checks per team ("at least one owner", "at least one brand") on PostgreSQL. */
async function lockTeam(tx: TTx, teamId: string) {
  await tx.$queryRaw`SELECT id FROM "Team" WHERE id = ${teamId} FOR UPDATE`;
}

/**
 * Changes a member's role, or removes them (role null), unless that would leave the team without an owner.
 * The owner count and the write share one transaction under the team lock.
 */
export function changeMembershipGuarded(scope: TTeamScope, membershipId: string, role: Role | null) {
  return db.$transaction(async (tx) => {
    await lockTeam(tx, scope.teamId);
    const member = await tx.membership.findFirst({
      where: { id: membershipId, teamId: scope.teamId },
      select: { role: true },
    });
    if (!member) return "not_found" as const;
    if (member.role === "owner" && role !== "owner") {
      const owners = await tx.membership.count({ where: { teamId: scope.teamId, role: "owner" } });
      if (owners <= 1) return "last_owner" as const;
    }
    if (role)
      await tx.membership.updateMany({ where: { id: membershipId, teamId: scope.teamId }, data: { role } });
    else await tx.membership.deleteMany({ where: { id: membershipId, teamId: scope.teamId } });
    return "done" as const;
  });
}

// ── brands ──
const BRAND = { id: true, name: true, createdAt: true } as const;
/** Oldest first (the first brand is the default); with `page`, one keyset page (lib/pagination). */
export function findBrands(scope: TTeamScope, page?: TPageRequest) {
  return db.brand.findMany({
    where: page?.after ? { teamId: scope.teamId, ...beforeCursor(page.after) } : { teamId: scope.teamId },
    orderBy: OLDEST_FIRST,
    select: BRAND,
    ...(page ? { take: page.take } : {}),
  });
}
export function findBrand(scope: TTeamScope, brandId: string) {
  return db.brand.findFirst({ where: { id: brandId, teamId: scope.teamId }, select: BRAND });
}
export function insertBrand(scope: TTeamScope, name: string) {
  return db.brand.create({ data: { teamId: scope.teamId, name }, select: BRAND });
}
export async function renameBrandRow(scope: TTeamScope, brandId: string, name: string) {
  const res = await db.brand.updateMany({ where: { id: brandId, teamId: scope.teamId }, data: { name } });
  return res.count ? findBrand(scope, brandId) : null;
}
/** Deletes unless it is the team's last brand; the check and the delete share one transaction. */
export function deleteBrandRow(scope: TTeamScope, brandId: string) {
  return db.$transaction(async (tx) => {
    await lockTeam(tx, scope.teamId); // two concurrent deletes must not both see "not the last one"
    const brands = await tx.brand.findMany({ where: { teamId: scope.teamId }, select: { id: true } });
    if (!brands.some((b) => b.id === brandId)) return "not_found" as const;
    if (brands.length <= 1) return "last_brand" as const;
    await tx.brand.deleteMany({ where: { id: brandId, teamId: scope.teamId } });
    return "deleted" as const;
  });
}

// ── invites ──
export function insertInvite(
  scope: TTeamScope,
  data: { role: Role; tokenHash: string; email: string | null; expiresAt: Date; createdById: string | null },
) {
  return db.invite.create({
    data: { ...data, teamId: scope.teamId },
    select: { id: true, role: true, email: true, expiresAt: true },
  });
}
export function findPendingInvites(scope: TTeamScope) {
  return db.invite.findMany({
    where: { teamId: scope.teamId, usedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    select: { id: true, role: true, email: true, expiresAt: true, createdAt: true },
  });
}
export function deleteInvite(scope: TTeamScope, inviteId: string) {
  return db.invite.deleteMany({ where: { id: inviteId, teamId: scope.teamId, usedAt: null } });
}
export function findInviteByHash(tokenHash: string) {
  return db.invite.findUnique({
    where: { tokenHash },
    select: {
      id: true,
      teamId: true,
      role: true,
      email: true,
      expiresAt: true,
      usedAt: true,
      team: { select: { name: true } },
    },
  });
}
/** Single use: the conditional update decides, then the membership is created in the same transaction. */
/** Thrown inside a transaction to roll it back when the invite cannot be used. */
export class InviteUnusable extends Error {
  constructor(readonly reason: "gone" | "email_mismatch") {
    super(reason);
  }
}

/**
 * Sign-up through an invite: the user, the claim on the invite and the membership in one transaction — a bad,
 * used or expired invite leaves no user behind. An invite addressed to an e-mail only works for that e-mail.
 */
export function insertUserRedeemingInvite(
  data: { email: string; name: string | null; passwordHash: string },
  tokenHash: string,
) {
  return db.$transaction(async (tx) => {
    const now = new Date();
    const invite = await tx.invite.findUnique({
      where: { tokenHash },
      select: { id: true, teamId: true, role: true, email: true },
    });
    if (!invite) throw new InviteUnusable("gone");
    if (invite.email && invite.email !== data.email) throw new InviteUnusable("email_mismatch");
    const user = await tx.user.create({ data, select: { id: true } });
    const claimed = await tx.invite.updateMany({
      where: { id: invite.id, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now, usedById: user.id },
    });
    if (claimed.count === 0) throw new InviteUnusable("gone");
    await tx.membership.create({ data: { teamId: invite.teamId, userId: user.id, role: invite.role } });
    return { userId: user.id, teamId: invite.teamId };
  });
}

export function redeemInvite(tokenHash: string, userId: string, userEmail: string) {
  return db.$transaction(async (tx) => {
    const now = new Date();
    const invite = await tx.invite.findUnique({
      where: { tokenHash },
      select: { id: true, teamId: true, role: true, email: true },
    });
    if (!invite) return null;
    if (invite.email && invite.email !== userEmail) return "email_mismatch" as const;
    const claimed = await tx.invite.updateMany({
      where: { id: invite.id, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now, usedById: userId },
    });
    if (claimed.count === 0) return null;
    const existing = await tx.membership.findUnique({
      where: { teamId_userId: { teamId: invite.teamId, userId } },
    });
    if (!existing) await tx.membership.create({ data: { teamId: invite.teamId, userId, role: invite.role } });
    return { teamId: invite.teamId, role: existing?.role ?? invite.role };
  });
}
