// next-auth v4: e-mail + password (argon2id) and optional OIDC single sign-on. Sessions are JWTs carrying the
// user id and a random session id (`sid`) that later binds OAuth grants to the browser session that began them.
import crypto from "node:crypto";
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { verifyPassword } from "@/lib/auth/password";
import { findAccountByIdentity } from "@/lib/auth/repo";
import { resolveSsoUser, ssoIdentityFromClaims } from "@/lib/auth/resolve-sso-user";
import { env } from "@/lib/env";
import { AppError } from "@/lib/http/errors";
import { log } from "@/lib/log";
import { consumeRateLimit } from "@/lib/rate-limit/consume";
import { findUserByEmail } from "@/lib/tenancy/repo";
import { ZEmail } from "@/lib/tenancy/schemas";

/** The login page's `?error=` when SSO met an existing account whose e-mail is not verified. */
export const SSO_UNVERIFIED_ACCOUNT = "SsoUnverifiedAccount";

export const SIGN_IN_LIMITS = {
  perEmail: { limit: 10, windowSec: 15 * 60 },
  perIp: { limit: 100, windowSec: 15 * 60 },
};

export async function verifyCredentials(emailRaw: unknown, passwordRaw: unknown, ip: string) {
  const email = ZEmail.safeParse(emailRaw);
  const password = typeof passwordRaw === "string" ? passwordRaw : "";
  await consumeRateLimit(`signin:ip:${ip}`, SIGN_IN_LIMITS.perIp);
  if (!email.success || !password) return null;
  await consumeRateLimit(`signin:email:${email.data}`, SIGN_IN_LIMITS.perEmail);
  const user = await findUserByEmail(email.data);
  const ok = await verifyPassword(user?.passwordHash, password);
  if (!user || !ok) {
    log.info("sign-in failed", { reason: "bad_credentials" });
    return null;
  }
  return { id: user.id, email: user.email };
}

function clientIp(headers: Record<string, string | string[] | undefined> | undefined): string {
  const fwd = headers?.["x-forwarded-for"];
  const first = (Array.isArray(fwd) ? fwd[0] : fwd)?.split(",")[0]?.trim();
  return first || "unknown";
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
          if (err instanceof AppError && err.code === "rate_limited") throw new Error("rate_limited");
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
