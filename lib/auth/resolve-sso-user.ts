// Who a single sign-on identity is. The IdP's issuer + subject name the user (an Account row); the e-mail is used
// once, on the first sign-in, to find an existing account — and only an account whose e-mail is verified may be
// linked. Linking an unverified password account would hand it to whoever created it: an attacker signs up
// with the victim's address, the victim later signs in by SSO and works in the attacker's account (pre-account
// takeover). Such a sign-in is refused, audited in the account's teams, and the login page says what to do.
import { findAccountByIdentity, findUserVerification, insertAccount, touchAccount } from "@/lib/auth/repo";
import { recordAudit } from "@/lib/audit/record-audit";
import { recordSignUp } from "@/lib/audit/record-sign-up";
import { Prisma } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";
import { findMembershipsOfUser, insertUserWithTeam } from "@/lib/tenancy/users";
import { ZEmail } from "@/lib/tenancy/schemas";

export type TSsoIdentity = {
  issuer: string;
  subject: string;
  /** As the IdP sent it; null when absent. */
  email: string | null;
  emailVerified: boolean;
  name: string | null;
};

export type TSsoOutcome =
  | { kind: "signed_in"; userId: string; via: "account" | "linked" | "created" }
  | { kind: "refused"; reason: "no_verified_email" | "unverified_account" };

/** The identity in an ID token's claims (next-auth's `profile` with `idToken: true`), or null if incomplete. */
export function ssoIdentityFromClaims(claims: unknown): TSsoIdentity | null {
  if (!claims || typeof claims !== "object") return null;
  const c = claims as Record<string, unknown>;
  if (typeof c.iss !== "string" || !c.iss || typeof c.sub !== "string" || !c.sub) return null;
  return {
    issuer: c.iss,
    subject: c.sub,
    email: typeof c.email === "string" ? c.email : null,
    emailVerified: c.email_verified === true,
    name: typeof c.name === "string" ? c.name : null,
  };
}

/** Decides, and writes the link or the new user. Safe to run twice at once for the same identity. */
export async function resolveSsoUser(identity: TSsoIdentity, attempt = 0): Promise<TSsoOutcome> {
  const known = await findAccountByIdentity(identity.issuer, identity.subject);
  if (known) {
    await touchAccount(known.id);
    return { kind: "signed_in", userId: known.userId, via: "account" };
  }
  // First sign-in of this identity: the e-mail must be one the IdP verified (it decides linking and identity).
  const email = ZEmail.safeParse(identity.email);
  if (!email.success || !identity.emailVerified) return { kind: "refused", reason: "no_verified_email" };

  const existing = await findUserVerification({ email: email.data });
  if (existing) {
    if (!existing.emailVerifiedAt) {
      await auditForUser(existing.id, "auth.sso_link_refused", {
        issuer: identity.issuer,
        reason: "email_not_verified",
      });
      log.warn("single sign-on refused: account e-mail not verified", { userId: existing.id });
      return { kind: "refused", reason: "unverified_account" };
    }
    const account = await insertAccount({
      userId: existing.id,
      issuer: identity.issuer,
      subject: identity.subject,
    });
    if (account.userId === existing.id)
      await auditForUser(existing.id, "auth.sso_linked", { issuer: identity.issuer });
    return { kind: "signed_in", userId: account.userId, via: "linked" };
  }

  try {
    const created = await insertUserWithTeam({
      email: email.data,
      name: identity.name,
      passwordHash: null,
      teamName: `${email.data.split("@")[0]}'s team`,
      emailVerifiedAt: new Date(), // the IdP's verified claim, required above
    });
    const account = await insertAccount({
      userId: created.user.id,
      issuer: identity.issuer,
      subject: identity.subject,
    });
    await recordSignUp({
      userId: created.user.id,
      teamId: created.team.id,
      teamName: created.team.name,
      brandId: created.brandId,
      via: "sso",
    });
    return { kind: "signed_in", userId: account.userId, via: "created" };
  } catch (err) {
    // A concurrent first sign-in created the user a moment ago: decide again, now that it exists.
    const raced = err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
    if (raced && attempt === 0) return resolveSsoUser(identity, 1);
    throw err;
  }
}

async function auditForUser(userId: string, action: string, metadata: Record<string, string>) {
  for (const m of await findMembershipsOfUser(userId)) {
    await recordAudit({ teamId: m.team.id, actor: null }, action, { type: "user", id: userId }, metadata);
  }
}
