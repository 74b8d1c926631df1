import type { TAuthContext } from "@/lib/actor";
import { countKeyUsage } from "@/lib/api-keys/repo";

/** Has the team created an API key, and has any key made a call yet (lastUsedAt is set on every authenticated call)? */
export async function getKeyUsage(ctx: TAuthContext) {
  const { created, used } = await countKeyUsage({ teamId: ctx.teamId });
  return { keyCreated: created > 0, firstCallMade: used > 0 };
}
