import { generateApiKey, hashApiKey, displayParts } from "@/lib/api-keys/format";
import { insertApiKey } from "@/lib/api-keys/repo";
import { toApiKeyView } from "@/lib/api-keys/view";
import type { TCreateApiKeyInput, TApiKeyView } from "@/lib/api-keys/schemas";
import { recordAudit } from "@/lib/audit/record-audit";
import type { TAuthContext } from "@/lib/actor";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

/** Creates a key and returns it in plaintext — the only time it is ever visible. */
export async function createApiKey(
  ctx: TAuthContext,
  input: TCreateApiKeyInput,
): Promise<{ key: string; api_key: TApiKeyView }> {
  // A key may only mint keys with scopes it holds itself (no privilege escalation).
  if (ctx.actor.kind === "api_key") {
    const held = new Set(ctx.actor.scopes);
    const extra = input.scopes.filter((s) => !held.has(s));
    if (extra.length) {
      throw new AppError("forbidden", {
        message: "A key can only grant scopes it has itself.",
        details: { scopes: extra },
      });
    }
  }
  // …nor outlive itself: a key that expires mints keys that expire no later.
  let expiresAt = input.expires_at ? new Date(input.expires_at) : null;
  if (ctx.actor.kind === "api_key" && "expiresAt" in ctx && ctx.expiresAt instanceof Date) {
    if (!expiresAt || expiresAt > ctx.expiresAt) expiresAt = ctx.expiresAt;
  }
  const key = generateApiKey();
  const row = await insertApiKey(
    { teamId: ctx.teamId },
    {
      name: input.name,
      scopes: [...new Set(input.scopes)],
      keyHash: hashApiKey(key, env().apiKeySecret),
      ...displayParts(key),
      expiresAt,
      createdById: ctx.actor.kind === "user" ? ctx.actor.userId : null,
    },
  );
  await recordAudit(
    ctx,
    "api_key.created",
    { type: "api_key", id: row.id },
    { name: row.name, scopes: row.scopes },
  );
  return { key, api_key: toApiKeyView(row) };
}
