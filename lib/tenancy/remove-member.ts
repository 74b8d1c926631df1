import { recordAudit } from "@/lib/audit/record-audit";
import type { TAuthContext } from "@/lib/auth/actor";
import { AppError, notFound } from "@/lib/http/errors";
import { countOwners, deleteMember, findMember } from "@/lib/tenancy/repo";

export async function removeMember(ctx: TAuthContext, membershipId: string) {
  const scope = { teamId: ctx.teamId };
  const member = await findMember(scope, membershipId);
  if (!member) throw notFound("Member");
  if (member.role === "owner") {
    if (ctx.role !== "owner")
      throw new AppError("forbidden", { message: "Only owners can remove an owner." });
    if ((await countOwners(scope)) <= 1) {
      throw new AppError("conflict", { message: "The last owner cannot be removed." });
    }
  }
  await deleteMember(scope, membershipId);
  await recordAudit(ctx, "member.removed", { type: "member", id: membershipId }, { role: member.role });
}
