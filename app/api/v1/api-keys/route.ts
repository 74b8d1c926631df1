import { z } from "zod";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { listApiKeyPage } from "@/lib/api-keys/list-api-keys";
import { ZApiKeyView, ZCreateApiKeyInput } from "@/lib/api-keys/schemas";
import { defineRoute } from "@/lib/http/define-route";
import { ZPageOf, ZPageQuery } from "@/lib/pagination";

export const dynamic = "force-dynamic";

/** `?limit=&cursor=` → `{ data, next_cursor }`, newest first. */
export const GET = defineRoute(
  {
    auth: "any",
    docs: { summary: "List API keys" },
    role: "admin",
    scopes: ["api_keys:read"],
    query: ZPageQuery,
    output: ZPageOf(ZApiKeyView),
  },
  async ({ ctx, query }) => listApiKeyPage(ctx, query),
);

// The response is the only time the key is ever shown.
export const POST = defineRoute(
  {
    auth: "any",
    docs: {
      summary: "Create an API key",
      description:
        "The `key` is in this answer only; store it now. A key can only grant scopes its creator holds.",
    },
    role: "admin",
    scopes: ["api_keys:write"],
    body: ZCreateApiKeyInput,
    output: z.object({ key: z.string(), api_key: ZApiKeyView }),
    status: 201,
  },
  async ({ ctx, body }) => createApiKey(ctx, body),
);
