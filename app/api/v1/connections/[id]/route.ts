import { z } from "zod";
import { getConnectionOrThrow } from "@/lib/connections/get-connection";
import { updateConnection, ZUpdateConnectionInput } from "@/lib/connections/manage-connection";
import { ZConnectionView } from "@/lib/connections/schemas";
import { defineRoute } from "@/lib/http/define-route";
import { assertAccountConnection } from "@/lib/partners/account-header";
import { disconnectWithWebhooks } from "@/lib/webhooks/disconnect-with-webhooks";

export const dynamic = "force-dynamic";
const ZParams = z.object({ id: z.string().min(1).max(64) });

export const GET = defineRoute(
  {
    auth: "any",
    docs: { summary: "Get a connection", headers: ["X-Account-Id"] },
    scopes: ["connections:read"],
    params: ZParams,
    output: ZConnectionView,
  },
  async ({ ctx, params, req }) => {
    await assertAccountConnection(ctx, req.headers, params.id); // X-Account-Id: only that account's connection
    return getConnectionOrThrow(ctx, params.id);
  },
);

/** label, settings, roles, promote_to_primary, enabled. */
export const PATCH = defineRoute(
  {
    auth: "any",
    docs: { summary: "Update a connection", headers: ["X-Account-Id"] },
    scopes: ["connections:write"],
    params: ZParams,
    body: ZUpdateConnectionInput,
    output: ZConnectionView,
  },
  async ({ ctx, params, body, req }) => {
    await assertAccountConnection(ctx, req.headers, params.id);
    return updateConnection(ctx, params.id, body);
  },
);

/** Remove registered webhooks, revoke at the provider, then delete the connection and its secrets (even if those fail). */
export const DELETE = defineRoute(
  {
    auth: "any",
    docs: {
      summary: "Disconnect a connection",
      headers: ["X-Account-Id"],
      description:
        "Revokes the credential at the provider where it can, then deletes the connection and its secrets.",
    },
    scopes: ["connections:write"],
    params: ZParams,
  },
  async ({ ctx, params, req }) => {
    await assertAccountConnection(ctx, req.headers, params.id);
    return disconnectWithWebhooks(ctx, params.id);
  },
);
