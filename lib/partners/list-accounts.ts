import type { TAuthContext } from "@/lib/actor";
import { findAccounts } from "./repo";
import { requirePartnerMode } from "./require-partner-mode";
import { encodeAccountCursor, toAccountView, type TListAccountsQuery } from "./schemas";

/** GET /api/v1/accounts: newest first, `{ data, next_cursor }` (pass next_cursor back as `cursor`). */
export async function listAccounts(ctx: TAuthContext, q: TListAccountsQuery) {
  const scope = { teamId: ctx.teamId };
  await requirePartnerMode(scope);
  const rows = await findAccounts(
    scope,
    {
      externalId: q.external_id,
      externalIdPrefix: q.external_id_prefix,
      createdAfter: q.created_after,
      createdBefore: q.created_before,
    },
    { take: q.limit + 1, after: q.cursor },
  );
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    data: page.map(toAccountView),
    next_cursor: rows.length > q.limit && last ? encodeAccountCursor(last) : null,
  };
}
