import { AppError } from "@/lib/http/errors";
import { hashInviteToken } from "@/lib/tenancy/invite-token";
import { redeemInvite } from "@/lib/tenancy/repo";

export async function acceptInvite(userId: string, token: string) {
  const joined = await redeemInvite(hashInviteToken(token), userId);
  if (!joined) throw new AppError("gone", { message: "This invite link has expired or was already used." });
  return joined;
}
