import { z } from "zod";
import { defineRoute } from "@/lib/http/define-route";
import { requestAccountDeletion } from "@/lib/partners/delete-account";
import { getAccountOrThrow } from "@/lib/partners/get-account";
import { ZAccountId, ZAccountView, ZUpdateAccountInput } from "@/lib/partners/schemas";
import { updateAccount } from "@/lib/partners/update-account";

export const dynamic = "force-dynamic";
const ZParams = z.object({ id: ZAccountId });

/** While a deletion runs: status "deleting" and deletion.connections_remaining. */
export const GET = defineRoute(
  {
    auth: "any",
    docs: { summary: "Get an account" },
    role: "admin",
    scopes: ["accounts:read"],
    params: ZParams,
    output: ZAccountView,
  },
  async ({ ctx, params }) => getAccountOrThrow(ctx, params.id),
);

export const PATCH = defineRoute(
  {
    auth: "any",
    docs: { summary: "Update an account" },
    role: "admin",
    scopes: ["accounts:write"],
    params: ZParams,
    body: ZUpdateAccountInput,
    output: ZAccountView,
  },
  async ({ ctx, params, body }) => updateAccount(ctx, params.id, body),
);

/** 202: a job disconnects (revokes) the account's connections, then deletes it; poll GET for the progress. */
export const DELETE = defineRoute(
  {
    auth: "any",
    docs: {
      summary: "Delete an account",
      description:
        "Answers 202 at once; a job disconnects (revokes) each of the account's connections, then deletes it.",
    },
    role: "admin",
    scopes: ["accounts:write"],
    params: ZParams,
    output: ZAccountView,
    status: 202,
  },
  async ({ ctx, params }) => requestAccountDeletion(ctx, params.id),
);
