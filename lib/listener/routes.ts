// The route handlers of the proxy and of the inbound webhooks, defined once and served twice: by Next.js (the
// app/api/v1/** files re-export these) and by the dedicated listener (listener.ts), with the same wrapper
// (defineRoute: auth, scopes, error shape, request id, log line) either way. The two proxy routes are streaming
// routes (defineStreamRoute): the listener serves them from node:http directly (`serveNode`, no Web Request or
// Response in between), Next.js through the Web adapter — one implementation, two thin adapters.
import { z } from "zod";
import { defineRoute, defineStreamRoute } from "@/lib/http/define-route";
import type { TRouteDocs } from "@/lib/http/route-docs";
// registers the X-Account-Id resolver (a partner's connected account → its connection of this provider)
import { assertAccountConnection } from "@/lib/partners/account-header";
import { pathAfter } from "@/lib/proxy/json-request";
import { proxyAnswer } from "@/lib/proxy/proxy-request";
import { handleWebhookGet, handleWebhookRequest, ZWebhookParams } from "@/lib/webhooks/webhook-response";

/** What both proxy forms document beyond their summary: the provider's answer passed through, or ours. */
const PROXY_ANSWERS: Pick<TRouteDocs, "errors" | "responses"> = {
  errors: ["quota_exceeded", "conflict", "rate_limited", "bad_gateway"],
  responses: {
    200: {
      description:
        "The provider's answer: its status, headers (minus Set-Cookie) and body, streamed. Any status the provider sends is passed through; Patchbay's own failures carry a `Patchbay-Error` header and the error shape.",
      contentType: "*/*",
      headers: { "Patchbay-Error": "Set only when Patchbay (not the provider) produced the answer." },
    },
  },
};

/** /api/v1/connections/{id}/proxy/… — any method; the caller's path starts after 5 segments. Never parsed here. */
export const connectionProxyRoute = defineStreamRoute(
  {
    auth: "api_key",
    docs: {
      summary: "Proxy a call",
      headers: ["X-Account-Id", "Idempotency-Key", "Patchbay-Retries"],
      rawBody: true,
      description:
        "The provider's API base + `path` + query, with the connection's credentials. Body and headers are streamed both ways.",
      ...PROXY_ANSWERS,
    },
    scopes: ["connections:proxy"],
    // The proxy has its own in-memory limits per key and connection (lib/proxy-limits), not the DB counter.
    rateLimit: false,
    markErrors: true,
    params: z.object({ id: z.string().min(1).max(64) }),
  },
  async ({ req, ctx, params, requestId }) => {
    await assertAccountConnection(ctx, req.headers, params.id); // X-Account-Id: only that account's connection
    return proxyAnswer({
      ctx,
      target: { connectionId: params.id },
      method: req.method,
      path: pathAfter(req, 5),
      headers: req.headers,
      body: req.body,
      signal: req.signal,
      requestId,
    });
  },
);

/** /api/v1/proxy/{provider}/… with the connection named by Connection-Id or X-Account-Id; after 4 segments. */
export const providerProxyRoute = defineStreamRoute(
  {
    auth: "api_key",
    docs: {
      summary: "Proxy a call by provider",
      headers: ["Connection-Id", "X-Account-Id", "Idempotency-Key", "Patchbay-Retries"],
      rawBody: true,
      description:
        "The path form: the connection is named by `Connection-Id` (or by `X-Account-Id` for a partner's account) and must be of this provider.",
      ...PROXY_ANSWERS,
    },
    rateLimit: false, // lib/proxy-limits counts per key and connection in memory
    markErrors: true,
    scopes: ["connections:proxy"],
    params: z.object({ provider: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/) }),
  },
  async ({ req, ctx, params, requestId }) =>
    proxyAnswer({
      ctx,
      target: { provider: params.provider, headers: req.headers },
      method: req.method,
      path: pathAfter(req, 4),
      headers: req.headers,
      body: req.body,
      signal: req.signal,
      requestId,
    }),
);

// The webhook endpoints: the instance's provider app (/webhooks/{provider}) and a team app's or one connection's
// source (/webhooks/{provider}/{source}); POST receives a delivery (signature verified over the raw body), GET
// answers a provider's challenge (hub.challenge, CRC, challengeCode) and stores nothing.
const INSTANCE = ZWebhookParams.omit({ source: true });
const SOURCE = ZWebhookParams.required({ source: true });

function webhookPost(params: typeof INSTANCE | typeof SOURCE, summary: string) {
  return defineRoute(
    {
      auth: "public",
      docs: {
        summary,
        responses: { 200: { description: "Received (or the answer the provider expects)." } },
      },
      params,
      rateLimit: false,
    },
    async ({ req, params: p }) => handleWebhookRequest(req, p),
  );
}

function webhookGet(params: typeof INSTANCE | typeof SOURCE, summary: string) {
  return defineRoute(
    {
      auth: "public",
      docs: {
        summary,
        responses: {
          200: {
            description: "The challenge answer the provider expects (JSON or text).",
            contentType: "*/*",
          },
        },
      },
      params,
      rateLimit: false,
    },
    async ({ req, params: p }) => handleWebhookGet(req, p),
  );
}

export const instanceWebhookPost = webhookPost(INSTANCE, "Receive a provider webhook");
export const instanceWebhookGet = webhookGet(INSTANCE, "Answer a provider's webhook challenge");
export const sourceWebhookPost = webhookPost(
  SOURCE,
  "Receive a provider webhook for a team app or connection",
);
export const sourceWebhookGet = webhookGet(
  SOURCE,
  "Answer a provider's webhook challenge for a team app or connection",
);
