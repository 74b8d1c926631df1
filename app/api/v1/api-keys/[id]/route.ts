import { z } from "zod";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { ZApiKeyView } from "@/lib/api-keys/schemas";
import { defineRoute } from "@/lib/http/define-route";

export const dynamic = "force-dynamic";

export const DELETE = defineRoute(
  {
    auth: "any",
    docs: { summary: "Revoke an API key" },
    role: "admin",
    scopes: ["api_keys:write"],
    params: z.object({ id: z.string().min(1).max(64) }),
    output: ZApiKeyView,
  },
  async ({ ctx, params }) => revokeApiKey(ctx, params.id),
);
