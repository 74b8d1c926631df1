// The signed-in user's team context, read from the request's cookies (server components and server actions).
import { cookies } from "next/headers";
import { readSessionFromCookieHeader } from "@/lib/auth/read-session";
import { resolveSessionContext, TEAM_COOKIE, type TSessionContext } from "@/lib/tenancy/resolve-context";

export async function sessionContextFromCookies(): Promise<TSessionContext | null> {
  const jar = await cookies();
  const header = jar
    .getAll()
    .map((c) => `${c.name}=${encodeURIComponent(c.value)}`)
    .join("; ");
  const claims = await readSessionFromCookieHeader(header);
  return claims ? resolveSessionContext(claims, jar.get(TEAM_COOKIE)?.value) : null;
}
