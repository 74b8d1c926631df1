import { findApiKeys } from "@/lib/api-keys/repo";
import { toApiKeyView } from "@/lib/api-keys/view";
import type { TAuthContext } from "@/lib/actor";
import { toPage, type TPageQuery } from "@/lib/pagination";

export async function listApiKeys(ctx: TAuthContext) {
  return (await findApiKeys({ teamId: ctx.teamId })).map(toApiKeyView);
}

/** GET /api/v1/api-keys: one page, newest first. */
export async function listApiKeyPage(ctx: TAuthContext, q: TPageQuery) {
  const rows = await findApiKeys({ teamId: ctx.teamId }, { take: q.limit + 1, after: q.cursor });
  return toPage(rows, q.limit, toApiKeyView);
}
