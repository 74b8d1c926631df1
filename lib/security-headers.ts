// The response headers every Patchbay response carries (set by proxy.ts before any page or route runs).
//
// Script policy: a fresh nonce per request plus 'strict-dynamic' — Next.js reads the nonce from the request's
// Content-Security-Policy header and puts it on its own inline and bootstrap scripts; scripts those load are
// trusted through 'strict-dynamic'. No 'unsafe-inline' for scripts (the OAuth callback page's one static script is
// allowed by its hash). Styles keep 'unsafe-inline': React and Radix write style="" attributes, which a nonce
// cannot cover, and injected CSS is far less dangerous than injected script.
// Framing: no page is meant to be framed (the OAuth flow uses a popup, not an iframe), so frame-ancestors 'none'
// and X-Frame-Options: DENY everywhere.
import { env, outboundEnv } from "@/lib/env";

export type TSecurityHeaderInput = {
  /** Request path: /api/* gets a locked-down policy, /oauth/* sends no Referer at all. */
  path: string;
  nonce?: string;
  /** 'sha256-…' source expressions for static inline scripts. */
  scriptHashes?: string[];
  appUrl?: string;
  dev?: boolean;
};

/**
 * Forms post to Patchbay only — except the "You are leaving Patchbay for <host>" page of a custom provider
 * (/oauth/authorize/<grant>), whose Continue form is answered with a 303 to the provider's sign-in page:
 * browsers apply form-action to that redirect too. The provider's origin is not known here, so that one page
 * allows https targets (and http ones only with the development switch PATCHBAY_OUTBOUND_ALLOW_PRIVATE, like the
 * provider endpoints themselves); its markup is fixed text with escaped values, so no injected form can use it.
 */
function formAction(path: string): string {
  if (!path.startsWith("/oauth/authorize/")) return "'self'";
  return outboundEnv().allowPrivate ? "'self' https: http:" : "'self' https:";
}

export function contentSecurityPolicy(input: TSecurityHeaderInput): string {
  const https = (input.appUrl ?? env().appUrl).startsWith("https://");
  const dev = input.dev ?? env().nodeEnv === "development";
  if (input.path.startsWith("/api/")) {
    // JSON, never rendered as a document: nothing may load, nothing may frame it.
    return "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
  }
  const script = [
    "'self'",
    ...(input.nonce ? [`'nonce-${input.nonce}'`, "'strict-dynamic'"] : []),
    ...(input.scriptHashes ?? []),
    // React's development build evaluates code for call stacks and Fast Refresh; production never does.
    ...(dev ? ["'unsafe-eval'"] : []),
  ];
  return [
    "default-src 'self'",
    `script-src ${script.join(" ")}`,
    "style-src 'self' 'unsafe-inline'",
    // The hosted connect page (/connect/<token>) shows the partner's logo, an https URL they configured.
    `img-src 'self' data: blob:${input.path.startsWith("/connect/") ? " https:" : ""}`,
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    `form-action ${formAction(input.path)}`,
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

export function securityHeaders(input: TSecurityHeaderInput): Record<string, string> {
  const appUrl = input.appUrl ?? env().appUrl;
  return {
    "Content-Security-Policy": contentSecurityPolicy({ ...input, appUrl }),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    // The OAuth callback URL carries the authorization code, a hosted connect page's URL its session token:
    // never let either leak through a Referer.
    "Referrer-Policy":
      input.path.startsWith("/oauth/") || input.path.startsWith("/connect/")
        ? "no-referrer"
        : "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    // HSTS only when we are served over https (a browser ignores it on http anyway, but it would be a lie).
    ...(appUrl.startsWith("https://")
      ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" }
      : {}),
  };
}
