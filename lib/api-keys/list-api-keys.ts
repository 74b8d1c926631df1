import { findApiKeys } from "@/lib/api-keys/repo";
import { toApiKeyView } from "@/lib/api-keys/view";
import type { TAuthContext } from "@/lib/actor";

export async function listApiKeys(ctx: TAuthContext) {
  return (await findApiKeys({ teamId: ctx.teamId })).map(toApiKeyView);
}
