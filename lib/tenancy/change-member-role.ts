import { recordAudit } from "@/lib/audit/record-audit";
import type { TAuthContext, TRole } from "@/lib/actor";
import { AppError, notFound } from "@/lib/errors";
import { changeMembershipGuarded, findMember } from "@/lib/tenancy/repo";

/** Admins manage members and admins; only owners touch owners; the last owner cannot step down. */
export async function changeMemberRole(ctx: TAuthContext, membershipId: string, role: TRole) {
  const scope = { teamId: ctx.teamId };
  const member = await findMember(scope, membershipId);
  if (!member) throw notFound("Member");
  if ((member.role === "owner" || role === "owner") && ctx.role !== "owner") {
    throw new AppError("forbidden", { message: "Only owners can grant or change the owner role." });
  }
  const result = await changeMembershipGuarded(scope, membershipId, role);
  if (result === "not_found") throw notFound("Member");
  if (result === "last_owner") {
    throw new AppError("conflict", {
      message: "A team needs at least one owner. Make someone else owner first.",
    });
  }
  await recordAudit(
    ctx,
    "member.role_changed",
    { type: "member", id: membershipId },
    { from: member.role, to: role },
  );
}
