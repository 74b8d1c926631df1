import { defineRoute } from "@/lib/http/define-route";
import { createAccountForCaller } from "@/lib/partners/create-account";
import { listAccounts } from "@/lib/partners/list-accounts";
import { ZAccountList, ZAccountView, ZCreateAccountInput, ZListAccountsQuery } from "@/lib/partners/schemas";

export const dynamic = "force-dynamic";

/** Newest first; filters external_id (exact), external_id_prefix, created_after, created_before; cursor paging. */
export const GET = defineRoute(
  {
    auth: "any",
    docs: { summary: "List accounts" },
    role: "admin",
    scopes: ["accounts:read"],
    query: ZListAccountsQuery,
    output: ZAccountList,
  },
  async ({ ctx, query }) => listAccounts(ctx, query),
);

export const POST = defineRoute(
  {
    auth: "any",
    docs: {
      summary: "Create an account",
      requestExample: { external_id: "customer-42", display_name: "Acme Inc.", metadata: { plan: "pro" } },
      errors: ["conflict", "account_limit_reached"],
    },
    role: "admin",
    scopes: ["accounts:write"],
    body: ZCreateAccountInput,
    output: ZAccountView,
    status: 201,
  },
  async ({ ctx, body }) => createAccountForCaller(ctx, body),
);
