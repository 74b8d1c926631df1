import { createConnectSession } from "@/lib/connect-sessions/create-connect-session";
import { ZCreatedConnectSession, ZCreateConnectSessionInput } from "@/lib/connect-sessions/schemas";
import { defineRoute } from "@/lib/http/define-route";

export const dynamic = "force-dynamic";

/** The same as POST /accounts/{id}/connect, with the account named by account_id or external_id. */
export const POST = defineRoute(
  {
    auth: "any",
    docs: {
      summary: "Create a connect session",
      requestExample: {
        providers: ["github", "slack"],
        redirect_url: "https://app.example.com/integrations/done",
        label: "Acme workspace",
      },
      description:
        "A hosted connect page (`/connect/<token>`) your user opens to pick a provider and connect; poll the session or listen for the `connection.created` event.",
    },
    scopes: ["connections:write"],
    body: ZCreateConnectSessionInput,
    output: ZCreatedConnectSession,
    status: 201,
  },
  async ({ ctx, body }) => {
    const { account_id, external_id, ...fields } = body;
    return createConnectSession(ctx, account_id ? { id: account_id } : { externalId: external_id! }, fields);
  },
);
