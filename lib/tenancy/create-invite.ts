import { recordAudit } from "@/lib/audit/record-audit";
import type { TAuthContext } from "@/lib/actor";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { hashInviteToken, newInviteToken } from "@/lib/tenancy/invite-token";
import { insertInvite } from "@/lib/tenancy/repo";
import type { TCreateInviteInput } from "@/lib/tenancy/schemas";

const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;

/** Returns the single-use link; it is shown once and only its hash is kept. */
export async function createInvite(ctx: TAuthContext, input: TCreateInviteInput) {
  if (input.role === "owner" && ctx.role !== "owner") {
    throw new AppError("forbidden", { message: "Only owners can invite owners." });
  }
  const token = newInviteToken();
  const invite = await insertInvite(
    { teamId: ctx.teamId },
    {
      role: input.role,
      tokenHash: hashInviteToken(token),
      email: input.email ?? null,
      expiresAt: new Date(Date.now() + INVITE_TTL_MS),
      createdById: ctx.actor.kind === "user" ? ctx.actor.userId : null,
    },
  );
  await recordAudit(ctx, "member.invited", { type: "invite", id: invite.id }, { role: invite.role });
  return {
    id: invite.id,
    role: invite.role,
    expires_at: invite.expiresAt.toISOString(),
    url: `${env().appUrl}/invite/${token}`,
  };
}
