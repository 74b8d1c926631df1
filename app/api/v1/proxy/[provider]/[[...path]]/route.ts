// The provider form: /api/v1/proxy/{provider}/… with the connection named by a header (Connection-Id; partner
// accounts add X-Account-Id through lib/proxy/resolve-target.ts). Same core, same streaming.
import { z } from "zod";
import { defineRoute } from "@/lib/http/define-route";
// registers the X-Account-Id resolver (a partner's connected account → its connection of this provider)
import "@/lib/partners/account-header";
import { pathAfter } from "@/lib/proxy/json-request";
import { proxyRequest } from "@/lib/proxy/proxy-request";

export const dynamic = "force-dynamic";

// /api/v1/proxy/{provider}/… — the caller's path starts after 4 segments.
const handler = defineRoute(
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

export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE };
export { handler as HEAD, handler as OPTIONS };
