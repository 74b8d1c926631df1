// The interstitial before a browser leaves for a team's custom provider (finding 5). A plain HTML document, not a
// React page: it is answered by the /oauth/authorize route handler itself (the grant is inspected, not consumed,
// on the GET), and it needs no script at all. The styles repeat the dashboard's card, button and zinc palette.
import type { TLeavingNotice } from "@/lib/connections/bind-grant";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `*{box-sizing:border-box}
body{font:14px/1.5 ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;margin:0;min-height:100vh;display:grid;place-items:center;background:#fafafa;color:#18181b;-webkit-font-smoothing:antialiased}
main{width:100%;max-width:30rem;padding:1.5rem}
.brand{display:flex;align-items:center;gap:.5rem;font-weight:600;margin-bottom:1rem}
.card{border:1px solid #e4e4e7;border-radius:.5rem;background:#fff;padding:1.25rem}
h1{font-size:1.125rem;font-weight:600;margin:0 0 .5rem}
p{margin:.5rem 0;color:#3f3f46}
.host{font:600 13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f4f4f5;border-radius:.25rem;padding:.125rem .375rem;color:#18181b;overflow-wrap:anywhere;display:inline-block;max-width:100%}
.note{font-size:13px;color:#71717a}
.actions{display:flex;gap:.5rem;margin-top:1rem;flex-wrap:wrap}
button,a.btn{display:inline-flex;align-items:center;justify-content:center;border-radius:.375rem;padding:.375rem .75rem;font-family:inherit;font-size:14px;font-weight:500;line-height:1.5;cursor:pointer;text-decoration:none}
button{border:0;background:#4f46e5;color:#fff}button:hover{background:#6366f1}
a.btn{border:1px solid #d4d4d8;background:#fff;color:#18181b}a.btn:hover{background:#f4f4f5}
:focus-visible{outline:2px solid #6366f1;outline-offset:2px}
@media(prefers-color-scheme:dark){body{background:#09090b;color:#f4f4f5}.card{background:#18181b;border-color:#27272a}p{color:#d4d4d8}.note{color:#a1a1aa}.host{background:#27272a;color:#f4f4f5}a.btn{background:#18181b;border-color:#3f3f46;color:#f4f4f5}a.btn:hover{background:#27272a}}`;

/** 200 HTML: who added the provider, where the browser is going, and a Continue button that POSTs the bind token. */
export function renderLeavingPatchbayPage(notice: TLeavingNotice, bindToken: string): Response {
  const host = esc(notice.host);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Leaving Patchbay · ${host}</title><meta name="robots" content="noindex"><link rel="icon" href="/icon.svg" type="image/svg+xml"><style>${STYLE}</style></head>
<body><main>
<div class="brand"><svg aria-hidden="true" width="24" height="24" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#4F46E5"/><text x="16" y="22" text-anchor="middle" font-family="system-ui,sans-serif" font-size="17" font-weight="700" fill="#fff">P</text></svg><span>Patchbay</span></div>
<section class="card" aria-labelledby="leaving-title">
<h1 id="leaving-title">You are leaving Patchbay for <span class="host" data-testid="leaving-host">${host}</span></h1>
<p><strong>${esc(notice.providerName)}</strong> is a custom provider added by the team <strong>${esc(notice.teamName)}</strong>. Patchbay has not checked who runs it.</p>
<p class="note">Continue only if you expected to sign in at ${host}. Never enter a password for another service there.</p>
<form method="post" action="/oauth/authorize/${esc(notice.grantId)}" class="actions">
<input type="hidden" name="t" value="${esc(bindToken)}">
<button type="submit">Continue to ${host}</button>
<a class="btn" href="/">Cancel</a>
</form>
</section>
</main></body></html>`;
  return new Response(html, {
    status: 200,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      // same-origin: the Continue post keeps its Origin (no-referrer would make it "null"); nothing leaves for the provider.
      "referrer-policy": "same-origin",
      "x-frame-options": "DENY",
      // No script; the form may go to us, and from us (the 303) to the provider's origin only.
      "content-security-policy": `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${notice.origin}; frame-ancestors 'none'; base-uri 'none'`,
    },
  });
}
