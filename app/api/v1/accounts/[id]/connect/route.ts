import { z } from "zod";
import { createConnectSession } from "@/lib/connect-sessions/create-connect-session";
import { ZAccountConnectInput, ZCreatedConnectSession } from "@/lib/connect-sessions/schemas";
import { defineRoute } from "@/lib/http/define-route";

export const dynamic = "force-dynamic";

/** A hosted connect session for this account (its Patchbay id): { connect_url, session_id, expires_at }. */
export const POST = defineRoute(
  {
    auth: "any",
    docs: { summary: "Start a connect session for an account" },
    scopes: ["connections:write"],
    params: z.object({ id: z.string().min(1).max(64) }),
    body: ZAccountConnectInput,
    output: ZCreatedConnectSession,
    status: 201,
  },
  async ({ ctx, params, body }) => createConnectSession(ctx, { id: params.id }, body),
);
