// The JSON form (seed 001): { method, url, headers, data } → the provider's answer as it is.
import { z } from "zod";
import { defineRoute } from "@/lib/http/define-route";
import { proxyJsonRequest, ZProxyJsonRequest } from "@/lib/proxy/json-request";

export const dynamic = "force-dynamic";

export const POST = defineRoute(
  {
    auth: "api_key",
    rateLimit: false, // lib/proxy-limits counts per key and connection in memory
    scopes: ["connections:proxy"],
    params: z.object({ id: z.string().min(1).max(64) }),
    body: ZProxyJsonRequest,
  },
  async ({ req, ctx, params, body, requestId }) =>
    proxyJsonRequest(ctx, params.id, body, { requestId, signal: req.signal, incoming: req.headers }),
);
