// Drives a whole connect flow in-process: our route handlers for Patchbay's side, real HTTP for the provider.
import * as bindRoute from "@/app/oauth/authorize/[grantId]/route";
import * as callbackRoute from "@/app/oauth/callback/route";
import * as keyedCallbackRoute from "@/app/oauth/callback/[key]/route";
import * as startRoute from "@/app/api/v1/connect/[provider]/route";
import { call } from "./http";

export type TBrowser = { cookie: string };

/** Starts a grant as `auth` and returns its id and Patchbay bind URL. */
export async function startFlow(
  auth: { cookie?: string; bearer?: string },
  provider: string,
  body: Record<string, unknown> = {},
) {
  const res = await call(startRoute.POST, { method: "POST", ...auth, params: { provider }, body });
  if (res.status !== 201) throw new Error(`start failed: ${res.status} ${res.text}`);
  return res.json as { grant_id: string; authorization_url: string; expires_at: string };
}

/**
 * Opens the bind URL as a browser with `cookie`; returns the provider URL and the browser's cookie header to use at
 * the callback. A custom provider's "you are leaving Patchbay" page is continued like a user would (its form,
 * posted from Patchbay's origin) unless `stopAtInterstitial`; its HTML is in `interstitial`.
 */
export async function openBindUrl(
  authorizationUrl: string,
  browserCookie = "",
  opts: { stopAtInterstitial?: boolean } = {},
) {
  const url = new URL(authorizationUrl);
  const grantId = url.pathname.split("/").pop()!;
  const headers: Record<string, string> = browserCookie ? { cookie: browserCookie } : {};
  let res = await bindRoute.GET(new Request(url, { headers }), { params: Promise.resolve({ grantId }) });
  let interstitial: string | null = null;
  const t = /name="t" value="([^"]+)"/.exec(res.status === 200 ? await res.clone().text() : "")?.[1];
  if (t) {
    interstitial = await res.text();
    if (!opts.stopAtInterstitial) {
      res = await bindRoute.POST(
        new Request(url.origin + url.pathname, {
          method: "POST",
          headers: { ...headers, origin: url.origin, "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ t }).toString(),
        }),
        { params: Promise.resolve({ grantId }) },
      );
    }
  }
  const setCookie = res.headers.get("set-cookie") ?? "";
  const bound = setCookie.split(";")[0] ?? "";
  return {
    status: res.status,
    location: res.headers.get("location"),
    cookie: [browserCookie, bound].filter(Boolean).join("; "),
    text:
      res.status === 302 || res.status === 303
        ? ""
        : interstitial && res.status === 200
          ? interstitial
          : await res.text(),
    interstitial,
  };
}

/** Calls our callback with the provider's redirect URL as the browser with `cookie`. */
export async function hitCallback(callbackUrl: URL | string, cookie: string) {
  const req = new Request(callbackUrl, { headers: cookie ? { cookie } : {} });
  // As Next routes it: /oauth/callback is the shared route, /oauth/callback/<key> the per-provider one.
  const key = /^\/oauth\/callback\/([^/]+)$/.exec(new URL(callbackUrl).pathname)?.[1];
  const res = key
    ? await keyedCallbackRoute.GET(req, { params: Promise.resolve({ key: decodeURIComponent(key) }) })
    : await callbackRoute.GET(req);
  return { status: res.status, location: res.headers.get("location"), text: await res.text() };
}

export const messageOf = (html: string) => {
  // The callback page carries its data in an escaped attribute read by a static script (render-callback-page.ts).
  const m = /id="patchbay-oauth-message" hidden data-message="([^"]*)"/.exec(html);
  const unescaped = m?.[1]?.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
  return unescaped
    ? ((JSON.parse(unescaped) as { message: unknown }).message as {
        status: string;
        connection_id: string | null;
        error: { code: string; description: string } | null;
        grant_id: string | null;
      })
    : null;
};
