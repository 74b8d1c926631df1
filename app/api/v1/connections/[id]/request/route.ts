// The JSON form (seed 001): { method, url, headers, data } → the provider's answer as it is.
import { z } from "zod";
import { defineRoute } from "@/lib/http/define-route";
import { proxyJsonRequest, ZProxyJsonRequest } from "@/lib/proxy/json-request";

export const dynamic = "force-dynamic";

export const POST = defineRoute(
  {
    auth: "api_key",
    docs: {
      summary: "Proxy a call (JSON form)",
      requestExample: {
        method: "POST",
        url: "/repos/acme/app/issues",
        headers: { accept: "application/vnd.github+json" },
        data: { title: "Found a bug" },
      },
      description:
        "`{ method, url, headers, data }`: `url` relative to the API base, or absolute on its own host.",
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
    params: z.object({ id: z.string().min(1).max(64) }),
    body: ZProxyJsonRequest,
  },
  async ({ req, ctx, params, body, requestId }) =>
    proxyJsonRequest(ctx, params.id, body, { requestId, signal: req.signal, incoming: req.headers }),
);
