import type { TApiKeyRow } from "@/lib/api-keys/repo";
import type { TApiKeyView } from "@/lib/api-keys/schemas";

export function toApiKeyView(r: TApiKeyRow): TApiKeyView {
  return {
    id: r.id,
    name: r.name,
    scopes: r.scopes,
    prefix: r.prefix,
    last4: r.last4,
    created_at: r.createdAt.toISOString(),
    last_used_at: r.lastUsedAt?.toISOString() ?? null,
    expires_at: r.expiresAt?.toISOString() ?? null,
    revoked_at: r.revokedAt?.toISOString() ?? null,
  };
}
