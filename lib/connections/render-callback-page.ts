// The page the provider's redirect lands on. Popup: tell the opener (postMessage to Patchbay's own origin only)
// and close. Otherwise: say what happened. Never a stack trace; the message carries ids and codes, no secrets.
import { env } from "@/lib/env";
import { securityHeaders } from "@/lib/security-headers";
import {
  CALLBACK_MESSAGE_ID,
  CALLBACK_SCRIPT,
  CALLBACK_SCRIPT_HASH,
} from "@/lib/connections/callback-script";
import type { TCallbackOutcome } from "@/lib/connections/complete-grant";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * `status` overrides the default (200 connected, 400 failed), e.g. 403/404/410 when the bind link is refused.
 * `targetOrigin`: whom the popup's message is for (default Patchbay's own origin) — an allow-listed partner origin.
 */
export function renderCallbackPage(outcome: TCallbackOutcome, status?: number, targetOrigin?: string): Response {
  const ok = outcome.status === "connected";
  const message = {
    type: "patchbay:oauth",
    grant_id: outcome.grant?.id ?? null,
    provider: outcome.grant?.providerSlug ?? null,
    status: outcome.status,
    connection_id: outcome.connectionId ?? null,
    error: outcome.error ?? null,
  };
  // The data rides in an attribute (HTML-escaped), so the page's one script stays static and allowed by hash.
  const data = esc(JSON.stringify({ message, origin: targetOrigin ?? env().appOrigin, closeAfterMs: ok ? 300 : 2500 }));
  const title = ok ? "Connected" : "Connection failed";
  const body = ok
    ? "Your account is connected. You can close this window."
    : `${esc(outcome.error?.description ?? "Something went wrong.")}`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${title} · Patchbay</title><meta name="robots" content="noindex"><link rel="icon" href="/icon.svg" type="image/svg+xml">
<style>body{font:15px/1.5 system-ui,sans-serif;display:grid;place-items:center;min-height:90vh;margin:0;color:#18181b;background:#fafafa}
@media(prefers-color-scheme:dark){body{color:#f4f4f5;background:#09090b}}main{max-width:28rem;padding:2rem;text-align:center}
h1{font-size:1.25rem}.code{font:12px ui-monospace,monospace;color:#71717a}</style></head>
<body><main><h1 id="title">${title}</h1><p id="message">${body}</p>${ok ? "" : `<p class="code">Error code: ${esc(outcome.error?.code ?? "unknown")}</p>`}
<p><a href="/">Back to Patchbay</a></p></main>
<div id="${CALLBACK_MESSAGE_ID}" hidden data-message="${data}"></div>
<script>${CALLBACK_SCRIPT}</script>
</body></html>`;
  return new Response(html, {
    status: status ?? (ok ? 200 : 400),
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      // proxy.ts sends the same set for every response; repeated here for callers outside Next.js (tests).
      ...securityHeaders({ path: "/oauth/callback", scriptHashes: [CALLBACK_SCRIPT_HASH] }),
    },
  });
}

/** Redirect mode: back to the caller's allow-listed return_to with the outcome in the query. */
export function redirectAfterCallback(outcome: TCallbackOutcome, returnTo: string): Response {
  const url = new URL(returnTo);
  url.searchParams.set("status", outcome.status === "connected" ? "success" : "error");
  if (outcome.grant) url.searchParams.set("grant_id", outcome.grant.id);
  if (outcome.grant) url.searchParams.set("provider", outcome.grant.providerSlug);
  if (outcome.connectionId) url.searchParams.set("connection_id", outcome.connectionId);
  if (outcome.error) url.searchParams.set("error", outcome.error.code);
  return new Response(null, {
    status: 302,
    headers: { location: url.toString(), "cache-control": "no-store", "referrer-policy": "no-referrer" },
  });
}
