import { hashPassword } from "@/lib/auth/password";
import { env } from "@/lib/env";
import { AppError } from "@/lib/http/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { acceptInvite } from "@/lib/tenancy/accept-invite";
import { findUserByEmail, insertUserOnly, insertUserWithTeam } from "@/lib/tenancy/repo";
import type { TSignUpInput } from "@/lib/tenancy/schemas";

/**
 * Creates a user. Without an invite, the user gets a team of their own (owner) with a "Default" brand;
 * with one, they join the inviting team instead. Sign-up may be closed by configuration, invites still work.
 */
export async function signUp(
  raw: TSignUpInput,
  opts: { isSuperuser?: boolean; bypassClosed?: boolean } = {},
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
      const user = await insertUserOnly({ email: input.email, name: input.name ?? null, passwordHash });
      const joined = await acceptInvite(user.id, input.invite_token);
      return { userId: user.id, teamId: joined.teamId };
    }
    const created = await insertUserWithTeam({
      email: input.email,
      name: input.name ?? null,
      passwordHash,
      teamName: input.team_name ?? `${input.email.split("@")[0]}'s team`,
      isSuperuser: opts.isSuperuser,
    });
    return { userId: created.user.id, teamId: created.team.id };
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      throw new AppError("conflict", {
        message: "An account with this e-mail already exists. Sign in instead.",
      });
    }
    throw err;
  }
}
