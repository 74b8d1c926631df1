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
