// Drives a whole connect flow in-process: our route handlers for Patchbay's side, real HTTP for the provider.
import * as bindRoute from "@/app/oauth/authorize/[grantId]/route";
import * as callbackRoute from "@/app/oauth/callback/route";
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

/** Opens the bind URL as a browser with `cookie`; returns the provider URL and the browser's cookie header to use at the callback. */
export async function openBindUrl(authorizationUrl: string, browserCookie = "") {
  const url = new URL(authorizationUrl);
  const grantId = url.pathname.split("/").pop()!;
  const req = new Request(url, { headers: browserCookie ? { cookie: browserCookie } : {} });
  const res = await bindRoute.GET(req, { params: Promise.resolve({ grantId }) });
  const setCookie = res.headers.get("set-cookie") ?? "";
  const bound = setCookie.split(";")[0] ?? "";
  return {
    status: res.status,
    location: res.headers.get("location"),
    cookie: [browserCookie, bound].filter(Boolean).join("; "),
    text: res.status === 302 ? "" : await res.text(),
  };
}

/** Calls our callback with the provider's redirect URL as the browser with `cookie`. */
export async function hitCallback(callbackUrl: URL | string, cookie: string) {
  const res = await callbackRoute.GET(new Request(callbackUrl, { headers: cookie ? { cookie } : {} }));
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
