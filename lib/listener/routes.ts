// The route handlers of the proxy and of the inbound webhooks, defined once and served twice: by Next.js (the
// app/api/v1/** files re-export these) and by the dedicated listener (listener.ts), with the same wrapper
// (defineRoute: auth, scopes, error shape, request id, log line) either way.
import { z } from "zod";
import { defineRoute } from "@/lib/http/define-route";
// registers the X-Account-Id resolver (a partner's connected account → its connection of this provider)
import { assertAccountConnection } from "@/lib/partners/account-header";
import { pathAfter } from "@/lib/proxy/json-request";
import { proxyRequest } from "@/lib/proxy/proxy-request";
import { handleWebhookGet, handleWebhookRequest, ZWebhookParams } from "@/lib/webhooks/webhook-response";

/** /api/v1/connections/{id}/proxy/… — any method; the caller's path starts after 5 segments. Never parsed here. */
export const connectionProxyRoute = defineRoute(
  {
    auth: "api_key",
    docs: {
      summary: "Proxy a call",
      headers: ["X-Account-Id", "Idempotency-Key", "Patchbay-Retries"],
      rawBody: true,
      description:
        "The provider's API base + `path` + query, with the connection's credentials. Body and headers are streamed both ways.",
      errors: ["quota_exceeded", "conflict", "rate_limited", "bad_gateway"],
      responses: {
        200: {
          description:
            "The provider's answer: its status, headers (minus Set-Cookie) and body, streamed. Any status the provider sends is passed through; Patchbay's own failures carry a `Patchbay-Error` header and the error shape.",
          contentType: "*/*",
          headers: { "Patchbay-Error": "Set only when Patchbay (not the provider) produced the answer." },
        },
      },
    },
    scopes: ["connections:proxy"],
    // The proxy has its own in-memory limits per key and connection (lib/proxy-limits), not the DB counter.
    rateLimit: false,
    markErrors: true,
    params: z.object({ id: z.string().min(1).max(64) }),
  },
  async ({ req, ctx, params, requestId }) => {
    await assertAccountConnection(ctx, req.headers, params.id); // X-Account-Id: only that account's connection
    return proxyRequest({
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
export const providerProxyRoute = defineRoute(
  {
    auth: "api_key",
    docs: {
      summary: "Proxy a call by provider",
      headers: ["Connection-Id", "X-Account-Id", "Idempotency-Key", "Patchbay-Retries"],
      rawBody: true,
      description:
        "The path form: the connection is named by `Connection-Id` (or by `X-Account-Id` for a partner's account) and must be of this provider.",
      errors: ["quota_exceeded", "conflict", "rate_limited", "bad_gateway"],
      responses: {
        200: {
          description:
            "The provider's answer: its status, headers (minus Set-Cookie) and body, streamed. Any status the provider sends is passed through; Patchbay's own failures carry a `Patchbay-Error` header and the error shape.",
          contentType: "*/*",
          headers: { "Patchbay-Error": "Set only when Patchbay (not the provider) produced the answer." },
        },
      },
    },
    rateLimit: false, // lib/proxy-limits counts per key and connection in memory
    markErrors: true,
    scopes: ["connections:proxy"],
    params: z.object({ provider: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/) }),
  },
  async ({ req, ctx, params, requestId }) =>
    proxyRequest({
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

/** POST /api/v1/webhooks/{provider}: the instance's provider app (signature verified over the raw body). */
export const instanceWebhookPost = defineRoute(
  {
    auth: "public",
    docs: {
      summary: "Receive a provider webhook",
      responses: { 200: { description: "Received (or the answer the provider expects)." } },
    },
    params: ZWebhookParams.omit({ source: true }),
    rateLimit: false,
  },
  async ({ req, params }) => handleWebhookRequest(req, params),
);

/** GET /api/v1/webhooks/{provider}: a provider's challenge (hub.challenge, CRC, challengeCode); stores nothing. */
export const instanceWebhookGet = defineRoute(
  {
    auth: "public",
    docs: {
      summary: "Answer a provider's webhook challenge",
      responses: {
        200: { description: "The challenge answer the provider expects (JSON or text).", contentType: "*/*" },
      },
    },
    params: ZWebhookParams.omit({ source: true }),
    rateLimit: false,
  },
  async ({ req, params }) => handleWebhookGet(req, params),
);

/** POST /api/v1/webhooks/{provider}/{source}: a team's provider app, or one connection's registered endpoint. */
export const sourceWebhookPost = defineRoute(
  {
    auth: "public",
    docs: {
      summary: "Receive a provider webhook for a team app or connection",
      responses: { 200: { description: "Received (or the answer the provider expects)." } },
    },
    params: ZWebhookParams.required({ source: true }),
    rateLimit: false,
  },
  async ({ req, params }) => handleWebhookRequest(req, params),
);

/** GET /api/v1/webhooks/{provider}/{source}: the challenge, for that source's secret. */
export const sourceWebhookGet = defineRoute(
  {
    auth: "public",
    docs: {
      summary: "Answer a provider's webhook challenge for a team app or connection",
      responses: {
        200: { description: "The challenge answer the provider expects (JSON or text).", contentType: "*/*" },
      },
    },
    params: ZWebhookParams.required({ source: true }),
    rateLimit: false,
  },
  async ({ req, params }) => handleWebhookGet(req, params),
);
