// The connection's live credential (refreshed if due), for callers that call the provider themselves. Needs the
// connections:credentials scope, which no key has unless it was asked for; every read is audited; never cached.
import { z } from "zod";
import { readConnectionCredentials, ZCredentialsView } from "@/lib/connections/read-credentials";
import { defineRoute } from "@/lib/http/define-route";
import { assertAccountConnection } from "@/lib/partners/account-header";

export const dynamic = "force-dynamic";

export const GET = defineRoute(
  {
    auth: "api_key",
    docs: {
      summary: "Read a connection's credentials",
      headers: ["X-Account-Id"],
      description:
        "The live access token or key (refreshed first when due) — never a refresh token or private key. Audited on every read; `Cache-Control: no-store`.",
      responses: { 200: { description: "The connection's current credential.", schema: ZCredentialsView } },
    },
    scopes: ["connections:credentials"],
    params: z.object({ id: z.string().min(1).max(64) }),
  },
  async ({ ctx, params, req }) => {
    await assertAccountConnection(ctx, req.headers, params.id); // X-Account-Id: only that account's connection
    return Response.json(await readConnectionCredentials(ctx, params.id), {
      headers: { "cache-control": "no-store", pragma: "no-cache" },
    });
  },
);
