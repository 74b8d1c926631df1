// E-mail verification for password accounts. It matters for one thing: single sign-on links to an existing
// account by e-mail only when that account has proven it receives mail there (lib/auth/resolve-sso-user.ts).
// So links are sent only while SSO is configured (OIDC_ISSUER), and the dashboard banner shows only then.
//
// A link is a random token mailed once; the database keeps its HMAC only (like invites), it works once, for
// 24 hours, and only for the signed-in owner of the account. That last rule closes the trap where an attacker
// signs up with the victim's address and the victim, puzzled, clicks the link: verifying needs the password too.
import crypto from "node:crypto";
import {
  consumeVerificationToken,
  findUserVerification,
  replaceVerificationToken,
  type TConsumeOutcome,
} from "@/lib/auth/repo";
import { recordAudit } from "@/lib/audit/record-audit";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { sendMail } from "@/lib/mail/send-mail";
import { consumeRateLimit } from "@/lib/rate-limit/consume";
import { findMembershipsOfUser } from "@/lib/tenancy/users";

export const VERIFICATION_TTL_MS = 24 * 3600 * 1000;
export const RESEND_LIMIT = { limit: 5, windowSec: 3600 };
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{32,64}$/;

export const newVerificationToken = () => crypto.randomBytes(32).toString("base64url");
export const hashVerificationToken = (token: string) =>
  crypto.createHmac("sha256", env().apiKeySecret).update(`email-verify:${token}`).digest("hex");

/** Verification only has a purpose while single sign-on is configured. */
export const emailVerificationEnabled = () => env().oidc !== null;

export const verifyEmailUrl = (token: string) => `${env().appUrl}/verify-email/${token}`;

/** Mails a fresh link (replacing earlier ones). False when the mail server refused; the user can resend. */
export async function sendVerificationEmail(userId: string): Promise<boolean> {
  const user = await findUserVerification({ id: userId });
  if (!user || user.emailVerifiedAt) return false;
  const token = newVerificationToken();
  await replaceVerificationToken({
    userId: user.id,
    email: user.email,
    tokenHash: hashVerificationToken(token),
    expiresAt: new Date(Date.now() + VERIFICATION_TTL_MS),
  });
  const sent = await sendMail({
    to: user.email,
    subject: "Confirm your e-mail address for Patchbay",
    text: [
      "Confirm that this is your e-mail address by opening this link while signed in to Patchbay:",
      "",
      verifyEmailUrl(token),
      "",
      "The link works once and expires in 24 hours.",
      "If you did not create a Patchbay account, ignore this message: nothing happens without the link.",
    ].join("\n"),
  });
  log.info("verification e-mail", { userId: user.id, sent });
  return sent;
}

export type TVerificationState = { enabled: boolean; verified: boolean };

export async function getEmailVerificationState(userId: string): Promise<TVerificationState> {
  if (!emailVerificationEnabled()) return { enabled: false, verified: true };
  const user = await findUserVerification({ id: userId });
  return { enabled: true, verified: Boolean(user?.emailVerifiedAt) };
}

/** The banner's "send a new link": limited per user so it cannot be used to flood a mailbox. */
export async function resendVerificationEmail(
  userId: string,
): Promise<{ status: "sent" | "already_verified" }> {
  const state = await getEmailVerificationState(userId);
  if (!state.enabled || state.verified) return { status: "already_verified" };
  await consumeRateLimit(`verify-email:resend:${userId}`, RESEND_LIMIT);
  if (!(await sendVerificationEmail(userId))) {
    throw new AppError("service_unavailable", {
      message: "The verification e-mail could not be sent. Try again in a few minutes.",
    });
  }
  return { status: "sent" };
}

export type TVerifyOutcome = TConsumeOutcome;

/** Opens a link for the signed-in user `userId`. Never throws for a bad token: the page explains the outcome. */
export async function verifyEmail(
  session: { userId: string; sessionId: string },
  token: string,
): Promise<TVerifyOutcome> {
  const { userId } = session;
  if (!TOKEN_SHAPE.test(token)) return "invalid";
  const outcome = await consumeVerificationToken(hashVerificationToken(token), userId);
  if (outcome === "verified") {
    for (const m of await findMembershipsOfUser(userId)) {
      await recordAudit(
        { teamId: m.team.id, actor: { kind: "user", ...session, isSuperuser: false } },
        "user.email_verified",
        { type: "user", id: userId },
      );
    }
  } else {
    log.info("e-mail verification link not applied", { userId, outcome });
  }
  return outcome;
}
