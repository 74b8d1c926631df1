// Any method, any path under the connection's API base: the provider's answer, streamed (lib/proxy).
import { z } from "zod";
import { defineRoute } from "@/lib/http/define-route";
import { assertAccountConnection } from "@/lib/partners/account-header";
import { pathAfter } from "@/lib/proxy/json-request";
import { proxyRequest } from "@/lib/proxy/proxy-request";

export const dynamic = "force-dynamic";

// /api/v1/connections/{id}/proxy/… — the caller's path starts after 5 segments. The body is never parsed here.
const handler = defineRoute(
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

export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE };
export { handler as HEAD, handler as OPTIONS };
