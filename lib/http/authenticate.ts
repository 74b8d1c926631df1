// Step 1 of every entry point: who is calling. API key (Authorization: Bearer) or the browser session.
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import type { TAuthContext } from "@/lib/actor";
import { readSessionFromCookieHeader } from "@/lib/auth/read-session";
import { env } from "@/lib/env";
import { parseCookieHeader } from "@/lib/cookies";
import { AppError } from "@/lib/errors";
import type { THeaderReader } from "@/lib/header-reader";
import { resolveSessionContext, TEAM_COOKIE } from "@/lib/tenancy/resolve-context";

export type TAuthMode = "public" | "session" | "api_key" | "any";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** What authentication reads of a request: a Web Request satisfies it, so does the listener's node view. */
export type TAuthRequest = { method: string; headers: THeaderReader };

export async function authenticateRequest(
  req: TAuthRequest,
  mode: Exclude<TAuthMode, "public">,
): Promise<TAuthContext> {
  const authz = req.headers.get("authorization");
  if (authz !== null) {
    if (mode === "session")
      throw new AppError("unauthorized", { message: "This endpoint needs a signed-in session." });
    const m = authz.match(/^Bearer\s+(\S+)\s*$/i);
    if (!m) throw new AppError("unauthorized", { message: "Invalid API key." });
    return authenticateApiKey(m[1]!);
  }
  if (mode === "api_key") throw new AppError("unauthorized");
  const cookie = req.headers.get("cookie");
  const claims = await readSessionFromCookieHeader(cookie);
  if (!claims) throw new AppError("unauthorized");
  // Cookie-authenticated writes must come from our own pages (SameSite=Lax covers most; this covers the rest).
  const origin = req.headers.get("origin");
  if (!SAFE_METHODS.has(req.method) && origin && origin !== env().appOrigin) {
    throw new AppError("forbidden", { message: "Cross-origin request refused." });
  }
  const ctx = await resolveSessionContext(claims, parseCookieHeader(cookie)[TEAM_COOKIE]);
  if (!ctx) throw new AppError("unauthorized");
  return { actor: ctx.actor, teamId: ctx.teamId, role: ctx.role };
}
