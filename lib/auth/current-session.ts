import { cookies } from "next/headers";
import { readSessionFromCookieHeader } from "@/lib/auth/read-session";
import { type TSessionClaims } from "@/lib/actor";

/** For pages that need the signed-in user but not a team (e.g. verifying an e-mail). */
export async function currentSession(): Promise<TSessionClaims | null> {
  const header = (await cookies())
    .getAll()
    .map((c) => `${c.name}=${encodeURIComponent(c.value)}`)
    .join("; ");
  return readSessionFromCookieHeader(header);
}
