import { env } from "@/lib/env";
import { findCustomProvider } from "@/lib/providers/custom-apps";
import { getProvider } from "@/lib/providers/registry";
import type { TProvider } from "@/lib/providers/schemas";

/** A catalog provider, or one of the team's custom providers. The Sandbox exists only when enabled. */
export async function getProviderForTeam(teamId: string, slug: string): Promise<TProvider | undefined> {
  const catalog = getProvider(slug);
  if (catalog) return catalog.slug === "sandbox" && !env().sandbox.enabled ? undefined : catalog;
  return findCustomProvider(teamId, slug);
}
