// Security headers on every response (lib/http/security-headers.ts), with a fresh CSP nonce per page request.
// Next.js reads the nonce from the request's Content-Security-Policy header and stamps it on its own scripts, so
// the policy is passed on the request as well as set on the response. Runs on the Node.js runtime (Next 16).
import crypto from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { securityHeaders } from "@/lib/security-headers";
import { CALLBACK_SCRIPT_HASH } from "@/lib/connections/callback-script";

export function proxy(req: NextRequest) {
  const path = req.nextUrl.pathname;
  const nonce = path.startsWith("/api/") ? undefined : crypto.randomBytes(16).toString("base64");
  const headers = securityHeaders({
    path,
    nonce,
    scriptHashes: path.startsWith("/oauth/") ? [CALLBACK_SCRIPT_HASH] : [],
  });
  const requestHeaders = new Headers(req.headers);
  if (nonce) {
    requestHeaders.set("x-nonce", nonce);
    requestHeaders.set("content-security-policy", headers["Content-Security-Policy"]!);
  }
  const res = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) res.headers.set(name, value);
  return res;
}

export const config = {
  matcher: [
    {
      // Not for build assets (immutable files with their own content types) nor router prefetches.
      source: "/((?!_next/static|_next/image|favicon.ico|icon.svg|logos/).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
