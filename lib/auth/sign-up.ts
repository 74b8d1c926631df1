import { recordSignUp } from "@/lib/audit/record-sign-up";
import { emailVerificationEnabled, sendVerificationEmail } from "@/lib/auth/email-verification";
import { hashPassword } from "@/lib/tenancy/password";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { INVITE_GONE, INVITE_OTHER_EMAIL } from "@/lib/tenancy/accept-invite";
import { hashInviteToken } from "@/lib/tenancy/invite-token";
import {
  findUserByEmail,
  insertUserRedeemingInvite,
  insertUserWithTeam,
  InviteUnusable,
} from "@/lib/tenancy/users";
import type { TSignUpInput } from "@/lib/tenancy/schemas";

/**
 * Creates a user. Without an invite, the user gets a team of their own (owner) with a "Default" brand;
 * with one, they join the inviting team instead. Sign-up may be closed by configuration, invites still work.
 * With single sign-on configured the new address gets a verification link (SSO links only to verified accounts);
 * a mail server that refuses does not undo the sign-up — the dashboard banner offers to send it again.
 */
export async function signUp(
  raw: TSignUpInput,
  opts: { isSuperuser?: boolean; bypassClosed?: boolean } = {},
) {
  const created = await createPasswordUser(raw, opts);
  if (emailVerificationEnabled()) await sendVerificationEmail(created.userId);
  return created;
}

async function createPasswordUser(
  raw: TSignUpInput,
  opts: { isSuperuser?: boolean; bypassClosed?: boolean },
) {
  // E-mail is the identity: always stored trimmed and lower-cased, whoever calls.
  const input = { ...raw, email: raw.email.trim().toLowerCase() };
  if (env().signup === "closed" && !input.invite_token && !opts.bypassClosed) {
    throw new AppError("forbidden", {
      message: "Sign-up is closed on this instance; ask an admin for an invite.",
    });
  }
  if (await findUserByEmail(input.email)) {
    throw new AppError("conflict", {
      message: "An account with this e-mail already exists. Sign in instead.",
    });
  }
  const passwordHash = await hashPassword(input.password);
  try {
    if (input.invite_token) {
      // One transaction: a bad invite creates no user (closed sign-up cannot be bypassed with a made-up token).
      return await insertUserRedeemingInvite(
        { email: input.email, name: input.name ?? null, passwordHash },
        hashInviteToken(input.invite_token),
      );
    }
    const created = await insertUserWithTeam({
      email: input.email,
      name: input.name ?? null,
      passwordHash,
      teamName: input.team_name ?? `${input.email.split("@")[0]}'s team`,
      isSuperuser: opts.isSuperuser,
    });
    await recordSignUp({
      userId: created.user.id,
      teamId: created.team.id,
      teamName: created.team.name,
      brandId: created.brandId,
      via: "password",
    });
    return { userId: created.user.id, teamId: created.team.id };
  } catch (err) {
    if (err instanceof InviteUnusable) {
      throw err.reason === "email_mismatch"
        ? new AppError("forbidden", { message: INVITE_OTHER_EMAIL })
        : new AppError("gone", { message: INVITE_GONE });
    }
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      throw new AppError("conflict", {
        message: "An account with this e-mail already exists. Sign in instead.",
      });
    }
    throw err;
  }
}
