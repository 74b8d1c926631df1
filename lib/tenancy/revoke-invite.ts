import { recordAudit } from "@/lib/audit/record-audit";
import type { TAuthContext } from "@/lib/actor";
import { notFound } from "@/lib/errors";
import { deleteInvite } from "@/lib/tenancy/repo";

export async function revokeInvite(ctx: TAuthContext, inviteId: string) {
  const res = await deleteInvite({ teamId: ctx.teamId }, inviteId);
  if (res.count === 0) throw notFound("Invite");
  await recordAudit(ctx, "member.invite_revoked", { type: "invite", id: inviteId });
}
