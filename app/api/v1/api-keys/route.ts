import { z } from "zod";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { listApiKeys } from "@/lib/api-keys/list-api-keys";
import { ZApiKeyView, ZCreateApiKeyInput } from "@/lib/api-keys/schemas";
import { defineRoute } from "@/lib/http/define-route";

export const dynamic = "force-dynamic";

export const GET = defineRoute(
  { auth: "any", role: "admin", scopes: ["api_keys:read"], output: z.object({ data: z.array(ZApiKeyView) }) },
  async ({ ctx }) => ({ data: await listApiKeys(ctx) }),
);

// The response is the only time the key is ever shown.
export const POST = defineRoute(
  {
    auth: "any",
    role: "admin",
    scopes: ["api_keys:write"],
    body: ZCreateApiKeyInput,
    output: z.object({ key: z.string(), api_key: ZApiKeyView }),
    status: 201,
  },
  async ({ ctx, body }) => createApiKey(ctx, body),
);
