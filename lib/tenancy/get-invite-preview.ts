import { hashInviteToken } from "@/lib/tenancy/invite-token";
import { findInviteByHash } from "@/lib/tenancy/repo";

/** What the invite page shows before accepting: team name and role, or that the link is no longer valid. */
export async function getInvitePreview(token: string) {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
  const invite = await findInviteByHash(hashInviteToken(token));
  if (!invite || invite.usedAt || invite.expiresAt <= new Date()) return null;
  return { teamName: invite.team.name, role: invite.role, email: invite.email };
}
