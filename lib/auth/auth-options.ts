// next-auth v4: e-mail + password (argon2id) and optional OIDC single sign-on. Sessions are JWTs carrying the
// user id and a random session id (`sid`) that later binds OAuth grants to the browser session that began them.
import crypto from "node:crypto";
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { verifyPassword } from "@/lib/tenancy/password";
import { findAccountByIdentity } from "@/lib/auth/repo";
import { resolveSsoUser, ssoIdentityFromClaims } from "@/lib/auth/resolve-sso-user";
import { env } from "@/lib/env";
import { clientIp } from "@/lib/rate-limit/client-ip";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";

import { consumeRateLimit, countEvent, eventCount } from "@/lib/rate-limit/consume";
import { findUserByEmail } from "@/lib/tenancy/users";
import { ZEmail } from "@/lib/tenancy/schemas";

/** The login page's `?error=` when SSO met an existing account whose e-mail is not verified. */
export const SSO_UNVERIFIED_ACCOUNT = "SsoUnverifiedAccount";

// Three layers, so that throttling cannot be turned against the account owner:
//  - per address: every attempt from one client IP, whatever the account (stops one host spraying accounts);
//  - per (e-mail, address): a hard stop for that account *from that address only* — an attacker hammering a
//    victim's e-mail locks out themselves, not the victim signing in from elsewhere;
//  - per e-mail alone (failures from any address): past a free allowance, a slow-down — one attempt per
//    growing interval, the wait reported to the user — never a lock. It only bites on attacks from many
//    addresses (one address contributes at most perEmailIp.limit failures a window).
export const SIGN_IN_LIMITS = {
  perIp: { limit: 100, windowSec: 15 * 60 },
  perEmailIp: { limit: 10, windowSec: 15 * 60 },
  emailSlowDown: { freeFailures: 30, windowSec: 15 * 60, maxDelaySec: 60 },
};

/** Seconds between attempts on an e-mail that has `failures` failed attempts this window (0 = no wait). */
export function emailSlowDownSec(failures: number): number {
  const { freeFailures, maxDelaySec } = SIGN_IN_LIMITS.emailSlowDown;
  if (failures < freeFailures) return 0;
  return Math.min(maxDelaySec, 2 ** Math.min(6, failures - freeFailures + 1));
}

export async function verifyCredentials(emailRaw: unknown, passwordRaw: unknown, ip: string) {
  const email = ZEmail.safeParse(emailRaw);
  const password = typeof passwordRaw === "string" ? passwordRaw : "";
  await consumeRateLimit(`signin:ip:${ip}`, SIGN_IN_LIMITS.perIp);
  if (!email.success || !password) return null;
  await consumeRateLimit(`signin:email-ip:${email.data}|${ip}`, SIGN_IN_LIMITS.perEmailIp);
  const failuresKey = `signin:email-failures:${email.data}`;
  const wait = emailSlowDownSec(await eventCount(failuresKey, SIGN_IN_LIMITS.emailSlowDown.windowSec));
  if (wait > 0)
    await consumeRateLimit(`signin:email-slow:${email.data}:${wait}`, { limit: 1, windowSec: wait });
  const user = await findUserByEmail(email.data);
  const ok = await verifyPassword(user?.passwordHash, password);
  if (!user || !ok) {
    await countEvent(failuresKey, SIGN_IN_LIMITS.emailSlowDown.windowSec);
    log.info("sign-in failed", { reason: "bad_credentials" });
    return null;
  }
  return { id: user.id, email: user.email };
}

export function authOptions(): AuthOptions {
  const e = env();
  const providers: AuthOptions["providers"] = [
    CredentialsProvider({
      id: "credentials",
      name: "E-mail and password",
      credentials: {
        email: { label: "E-mail", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials, req) {
        try {
          return await verifyCredentials(credentials?.email, credentials?.password, clientIp(req.headers));
        } catch (err) {
          // "rate_limited:<seconds>": the login form tells the user how long to wait.
          if (err instanceof AppError && err.code === "rate_limited") {
            const wait = (err.details as { retry_after?: number } | undefined)?.retry_after ?? 60;
            throw new Error(`rate_limited:${wait}`);
          }
          throw err;
        }
      },
    }),
  ];
  if (e.oidc) {
    providers.push({
      id: "oidc",
      name: e.oidc.name,
      type: "oauth",
      wellKnown: `${e.oidc.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: e.oidc.clientId,
      clientSecret: e.oidc.clientSecret,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state", "nonce"],
      profile(p: { sub: string; email?: string; name?: string }) {
        return { id: p.sub, email: p.email, name: p.name };
      },
    });
  }
  return {
    secret: e.authSecret,
    session: { strategy: "jwt", maxAge: 7 * 24 * 3600 },
    pages: { signIn: "/login", error: "/login" },
    providers,
    logger: {
      error: (code, metadata) => log.error("next-auth error", { errorCode: code, metadata }),
      warn: (code) => log.warn("next-auth warning", { errorCode: code }),
      debug: () => undefined,
    },
    callbacks: {
      async signIn({ account, profile }) {
        if (account?.provider !== "oidc") return true;
        // Identity is the ID token's iss + sub; the e-mail only finds an existing, verified account the first
        // time (lib/auth/resolve-sso-user.ts). A refusal goes back to the login page with a reason to show.
        const identity = ssoIdentityFromClaims(profile);
        if (!identity) return false;
        const outcome = await resolveSsoUser(identity);
        if (outcome.kind === "signed_in") return true;
        return outcome.reason === "unverified_account"
          ? `${e.appUrl}/login?error=${SSO_UNVERIFIED_ACCOUNT}`
          : false;
      },
      async jwt({ token, user, account, profile }) {
        if (user && account) {
          let userId = user.id;
          if (account.provider === "oidc") {
            // signIn above linked or created the Account row; the session belongs to whoever it names.
            const identity = ssoIdentityFromClaims(profile);
            const linked = identity && (await findAccountByIdentity(identity.issuer, identity.subject));
            if (!linked) throw new Error("single sign-on identity is not linked");
            userId = linked.userId;
          }
          token.uid = userId;
          token.sid = crypto.randomBytes(16).toString("base64url");
        }
        return token;
      },
      async session({ session, token }) {
        return { ...session, user: { ...session.user, id: token.uid } };
      },
    },
  };
}
