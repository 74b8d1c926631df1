import { env } from "@/lib/env";

/** A malformed %-escape in a cookie is the client's problem, not a 500. */
function safeDecode(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

/** name → value for every cookie in a Cookie header. */
export function parseCookieHeader(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0) out[part.slice(0, i).trim()] = safeDecode(part.slice(i + 1).trim());
  }
  return out;
}

export function readCookie(req: Request, name: string): string | undefined {
  return parseCookieHeader(req.headers.get("cookie"))[name];
}

/** HttpOnly, SameSite=Lax (sent on the provider's top-level redirect back to us), Secure on https. */
export function cookieHeader(name: string, value: string, opts: { path: string; maxAgeSec: number }): string {
  const secure = env().appUrl.startsWith("https://") ? "; Secure" : "";
  return `${name}=${encodeURIComponent(value)}; Path=${opts.path}; HttpOnly; SameSite=Lax; Max-Age=${opts.maxAgeSec}${secure}`;
}

/**
 * Options for the dashboard's own cookies set through next/headers (pb_team, pb_brand): HttpOnly, SameSite=Lax,
 * Secure whenever Patchbay is served over https.
 */
export function dashboardCookieOptions(
  opts: { maxAgeSec?: number } = {},
  appUrl: string = env().appUrl,
): { httpOnly: true; sameSite: "lax"; path: "/"; secure: boolean; maxAge?: number } {
  return {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: appUrl.startsWith("https://"),
    ...(opts.maxAgeSec === undefined ? {} : { maxAge: opts.maxAgeSec }),
  };
}
