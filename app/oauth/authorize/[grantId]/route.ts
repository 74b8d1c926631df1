import { readSessionFromCookieHeader } from "@/lib/auth/read-session";
import { renderLeavingPatchbayPage } from "@/components/oauth/leaving-patchbay-page";
import { env } from "@/lib/env";
import { cookieHeader, readCookie } from "@/lib/cookies";
import { CONNECT_BROWSER_COOKIE } from "@/lib/oauth/secrets";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { bindGrant, inspectGrant } from "@/lib/connections/bind-grant";
import { renderCallbackPage } from "@/lib/connections/render-callback-page";

export const dynamic = "force-dynamic";

type TParams = { params: Promise<{ grantId: string }> };

function checkLink(grantId: string, token: string) {
  if (!/^grant_[A-Za-z0-9_-]{10,40}$/.test(grantId) || !token || token.length > 100) {
    throw new AppError("not_found", { message: "This connect link is not valid." });
  }
}

async function binderOf(req: Request) {
  return {
    session: await readSessionFromCookieHeader(req.headers.get("cookie")),
    connectBrowser: readCookie(req, CONNECT_BROWSER_COOKIE) ?? null,
  };
}

async function bindAndGo(req: Request, grantId: string, token: string, status: 302 | 303) {
  const bound = await bindGrant(grantId, token, await binderOf(req));
  const maxAge = Math.max(1, Math.ceil((bound.expiresAt.getTime() - Date.now()) / 1000));
  return new Response(null, {
    status,
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
}

function failurePage(err: unknown) {
  if (!(err instanceof AppError)) log.error("binding a grant failed", { error: err });
  const e = err instanceof AppError ? err : new AppError("internal");
  return renderCallbackPage(
    { grant: null, status: "failed", error: { code: e.code, description: e.message } },
    e.status,
  );
}

/** Catalog provider: bind and 302 to it. Custom provider: the "you are leaving Patchbay" page, nothing bound yet. */
export async function GET(req: Request, ctx: TParams) {
  const { grantId } = await ctx.params;
  const token = new URL(req.url).searchParams.get("t") ?? "";
  try {
    checkLink(grantId, token);
    const notice = await inspectGrant(grantId, token, await binderOf(req));
    if (notice) return renderLeavingPatchbayPage(notice, token);
    return await bindAndGo(req, grantId, token, 302);
  } catch (err) {
    return failurePage(err);
  }
}

/** The interstitial's Continue: a same-origin form post carrying the bind token; binds once, then 303 onwards. */
export async function POST(req: Request, ctx: TParams) {
  const { grantId } = await ctx.params;
  try {
    // A cross-site auto-submitted form would skip the page the user is meant to read. Fetch metadata first
    // (every current browser sends it); Origin for older ones; neither: not a browser, nothing to forge.
    const site = req.headers.get("sec-fetch-site");
    const origin = req.headers.get("origin");
    if (site !== null ? site !== "same-origin" : origin !== null && origin !== env().appOrigin) {
      throw new AppError("forbidden", { message: "Continue from the Patchbay page that opened this link." });
    }
    const form = await req.formData().catch(() => null);
    const t = form?.get("t");
    const token = typeof t === "string" ? t : "";
    checkLink(grantId, token);
    return await bindAndGo(req, grantId, token, 303);
  } catch (err) {
    return failurePage(err);
  }
}
