import { recordAudit } from "@/lib/audit/record-audit";
import type { TAuthContext } from "@/lib/actor";
import { AppError, notFound } from "@/lib/errors";
import { changeMembershipGuarded, findMember } from "@/lib/tenancy/repo";

export async function removeMember(ctx: TAuthContext, membershipId: string) {
  const scope = { teamId: ctx.teamId };
  const member = await findMember(scope, membershipId);
  if (!member) throw notFound("Member");
  if (member.role === "owner" && ctx.role !== "owner") {
    throw new AppError("forbidden", { message: "Only owners can remove an owner." });
  }
  const result = await changeMembershipGuarded(scope, membershipId, null);
  if (result === "not_found") throw notFound("Member");
  if (result === "last_owner")
    throw new AppError("conflict", { message: "The last owner cannot be removed." });
  await recordAudit(ctx, "member.removed", { type: "member", id: membershipId }, { role: member.role });
}
