import { API_KEY_TOPIC } from "@/lib/api-keys/authenticate-api-key";
import { revokeApiKeyRow } from "@/lib/api-keys/repo";
import { toApiKeyView } from "@/lib/api-keys/view";
import { recordAudit } from "@/lib/audit/record-audit";
import type { TAuthContext } from "@/lib/actor";
import { publishInvalidation } from "@/lib/cache-bus/bus";
import { notFound } from "@/lib/errors";

export async function revokeApiKey(ctx: TAuthContext, id: string) {
  const row = await revokeApiKeyRow({ teamId: ctx.teamId }, id);
  if (!row) throw notFound("API key");
  // After the commit: this instance drops the cached key now, the others on the NOTIFY (or their short TTL).
  await publishInvalidation(API_KEY_TOPIC, row.id);
  await recordAudit(ctx, "api_key.revoked", { type: "api_key", id: row.id }, { name: row.name });
  return toApiKeyView(row);
}
