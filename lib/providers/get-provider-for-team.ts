import { getProvider } from "@/lib/providers/registry";
import type { TProvider } from "@/lib/providers/schemas";

/**
 * A catalog provider. (Custom providers a team adds will resolve here too; the Sandbox is hidden unless enabled.)
 */
export async function getProviderForTeam(_teamId: string, slug: string): Promise<TProvider | undefined> {
  return Promise.resolve(getProvider(slug));
}
