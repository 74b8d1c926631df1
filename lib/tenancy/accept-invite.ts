import { AppError } from "@/lib/errors";
import { hashInviteToken } from "@/lib/tenancy/invite-token";
import { findUserById, redeemInvite } from "@/lib/tenancy/repo";

export const INVITE_GONE = "This invite link has expired or was already used.";
export const INVITE_OTHER_EMAIL =
  "This invite is for another e-mail address. Sign in with that address, or ask for a new invite.";

export async function acceptInvite(userId: string, token: string) {
  const user = await findUserById(userId);
  const joined = user ? await redeemInvite(hashInviteToken(token), userId, user.email) : null;
  if (joined === "email_mismatch") throw new AppError("forbidden", { message: INVITE_OTHER_EMAIL });
  if (!joined) throw new AppError("gone", { message: INVITE_GONE });
  return joined;
}
