import { z } from "zod";
import { defineRoute } from "@/lib/http/define-route";
import { ZStartGrantInput, ZStartGrantOutput } from "@/lib/connections/grant-schemas";
import { startGrant } from "@/lib/connections/start-grant";

export const dynamic = "force-dynamic";

/** Start an OAuth grant: { grant_id, authorization_url, expires_at }. Open authorization_url in the user's browser. */
export const POST = defineRoute(
  {
    auth: "any",
    docs: {
      summary: "Start a connection",
      requestExample: { label: "My GitHub", return_to: "https://app.example.com/integrations" },
      description:
        "Creates a grant and answers its `authorization_url`: open it in the user's browser, then poll the grant until it is `authorized`.",
    },
    scopes: ["connections:write"],
    params: z.object({ provider: z.string().min(1).max(64) }),
    body: ZStartGrantInput,
    output: ZStartGrantOutput,
    status: 201,
  },
  async ({ ctx, params, body }) => startGrant(ctx, params.provider, body),
);
