import { getToken } from "next-auth/jwt";
import { env } from "@/lib/env";
import { parseCookieHeader } from "@/lib/cookies";
import type { TSessionClaims } from "@/lib/actor";

/**
 * Reads next-auth's session JWT from a Cookie header. Deliberately cookie-only: next-auth's getToken would also
 * accept a JWT in the Authorization header, which is where API keys go.
 */
export async function readSessionFromCookieHeader(
  cookieHeader: string | null,
): Promise<TSessionClaims | null> {
  const e = env();
  const token = await getToken({
    req: { cookies: parseCookieHeader(cookieHeader), headers: {} } as unknown as Parameters<
      typeof getToken
    >[0]["req"],
    secret: e.authSecret,
    secureCookie: e.appUrl.startsWith("https://"),
  });
  if (!token || typeof token.uid !== "string" || typeof token.sid !== "string") return null;
  return { userId: token.uid, sessionId: token.sid };
}
