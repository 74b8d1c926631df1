import { readSessionFromCookieHeader } from "@/lib/auth/read-session";
import { cookieHeader } from "@/lib/http/cookies";
import { AppError } from "@/lib/http/errors";
import { log } from "@/lib/log";
import { bindGrant } from "@/lib/oauth/bind-grant";
import { renderCallbackPage } from "@/lib/oauth/render-callback-page";

export const dynamic = "force-dynamic";

export async function GET(req: Request, ctx: { params: Promise<{ grantId: string }> }) {
  const { grantId } = await ctx.params;
  const token = new URL(req.url).searchParams.get("t") ?? "";
  try {
    if (!/^grant_[A-Za-z0-9_-]{10,40}$/.test(grantId) || !token || token.length > 100) {
      throw new AppError("not_found", { message: "This connect link is not valid." });
    }
    const session = await readSessionFromCookieHeader(req.headers.get("cookie"));
    const bound = await bindGrant(grantId, token, session);
    const maxAge = Math.max(1, Math.ceil((bound.expiresAt.getTime() - Date.now()) / 1000));
    return new Response(null, {
      status: 302,
      headers: {
        location: bound.location,
        "set-cookie": cookieHeader(bound.cookie.name, bound.cookie.value, {
          path: "/oauth",
          maxAgeSec: maxAge,
        }),
        "cache-control": "no-store",
        "referrer-policy": "no-referrer",
      },
    });
  } catch (err) {
    if (!(err instanceof AppError)) log.error("binding a grant failed", { error: err });
    const e = err instanceof AppError ? err : new AppError("internal");
    return renderCallbackPage(
      { grant: null, status: "failed", error: { code: e.code, description: e.message } },
      e.status,
    );
  }
}
