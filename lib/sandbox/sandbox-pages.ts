// The Sandbox's own pages (oidc-provider's sign-in, consent, logout and error pages) restyled to look like
// Patchbay and to load nothing from the internet: oidc-provider's built-in templates @import a Google web font,
// which is a third-party request from a self-hosted product (and blocked offline). Every HTML response of the
// Sandbox passes through `restyleSandboxPage`, which swaps the templates' <style> blocks for local CSS (system font
// stack, Patchbay's indigo and zinc, dark mode), names the inputs for assistive technology, and sends a policy that
// lets the page load no font, script or style from anywhere else.
import type { Middleware } from "koa";

export const SANDBOX_CSS = `
:root{color-scheme:light dark;--bg:#fafafa;--card:#fff;--text:#18181b;--muted:#52525b;--border:#e4e4e7;--accent:#4f46e5;--accent-hover:#4338ca}
@media (prefers-color-scheme:dark){:root{--bg:#09090b;--card:#18181b;--text:#f4f4f5;--muted:#a1a1aa;--border:#27272a;--accent:#6366f1;--accent-hover:#818cf8}}
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;flex-direction:column;align-items:center;justify-content:center;gap:16px;padding:24px;background:var(--bg);color:var(--text);font:14px/1.5 ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.sbx-brand{margin:0;font-size:12px;font-weight:600;color:var(--muted);letter-spacing:.02em}
.login-card,.container{width:100%;max-width:360px;background:var(--card);border:1px solid var(--border);border-radius:8px;padding:24px;box-shadow:0 1px 2px rgba(0,0,0,.05)}
.login-card+.login-card{margin-top:0}
h1{margin:0 0 16px;font-size:20px;font-weight:600;text-align:left}
h1+p{color:var(--muted)}
form{margin:0}
input[type=text],input[type=email],input[type=password]{display:block;width:100%;height:36px;margin:0 0 12px;padding:0 12px;font:inherit;color:inherit;background:var(--card);border:1px solid var(--border);border-radius:6px}
input:focus-visible,button:focus-visible,a:focus-visible,summary:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
button,[type=submit]{display:block;width:100%;height:36px;margin:0 0 8px;font:inherit;font-weight:500;color:#fff;background:var(--accent);border:0;border-radius:6px;cursor:pointer}
button:hover,[type=submit]:hover{background:var(--accent-hover)}
a{color:var(--accent)}
.login-help{margin-top:8px;text-align:center;font-size:13px}
.login-help a{text-decoration:none}
.login-client-image img{display:block;margin:0 auto 16px;max-width:64px}
ul{margin:0 0 16px;padding-left:1.2em;color:var(--muted)}
li+li,li+ul,ul+li{padding-top:4px}
pre{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;white-space:pre-wrap}
.grant-debug{width:100%;max-width:360px;font:12px ui-monospace,SFMono-Regular,Menlo,monospace;color:var(--muted);overflow-wrap:anywhere}
.grant-debug summary{cursor:pointer;text-align:center}
.grant-debug div{padding-top:8px}
`;

/** Pages with no script of their own get a policy without any; the few with one (logout) keep theirs. */
export function sandboxPagePolicy(html: string): string {
  return [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    "img-src 'self' data:",
    ...(html.includes("<script") ? [] : ["script-src 'none'"]),
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function restyleSandboxPage(html: string): string {
  return html
    .replace(/<style[^>]*>[\s\S]*?<\/style>/g, "")
    .replace(/@import\s+url\([^)]*\);?/g, "")
    .replace("</head>", `<style>${SANDBOX_CSS}</style></head>`)
    .replace(/<body>/, '<body><p class="sbx-brand">Sandbox · a local test provider of Patchbay</p>')
    .replace(/<html\s*>/, '<html lang="en">')
    // The consent template puts a sub-list straight into its list (<li>scopes:</li><ul>…</ul>): move it into the
    // item it belongs to, so the list is valid for assistive technology.
    .replace(/<\/li>(\s*<ul>[\s\S]*?<\/ul>)/g, "$1</li>")
    .replace('name="login" placeholder=', 'name="login" aria-label="Login" placeholder=')
    .replace('name="password" placeholder=', 'name="password" aria-label="Password" placeholder=');
}

/**
 * The cookie that makes the Sandbox behave like providers whose sign-in pages send Cross-Origin-Opener-Policy
 * (Google's and Microsoft's do): set `sandbox_coop=same-origin` on the Sandbox's host and every page it renders
 * sends that policy. A popup opened from another origin is then cut off from its opener — `window.opener` is gone
 * and the opener's handle reads as closed — which is what a Connect button must survive (the E2E tests set it).
 */
export const SANDBOX_COOP_COOKIE = "sandbox_coop";

/** Koa middleware for the Sandbox's oidc-provider: restyles every HTML page it renders. */
export const sandboxPages: Middleware = async (ctx, next) => {
  await next();
  const body: unknown = ctx.body;
  if (typeof body !== "string" || !ctx.response.is("html")) return;
  if (ctx.cookies.get(SANDBOX_COOP_COOKIE) === "same-origin") ctx.set("cross-origin-opener-policy", "same-origin");
  const html = restyleSandboxPage(body);
  ctx.body = html;
  ctx.set("content-security-policy", sandboxPagePolicy(html));
  ctx.set("x-content-type-options", "nosniff");
  ctx.set("referrer-policy", "no-referrer");
};
