// How pages name a provider: the catalog's name and logo, or a team's custom provider's given name with the
// custom logo — never the slug with another provider's logo. One read of the team's custom providers per page.
import { findCustomProviders } from "@/lib/providers/custom-apps";
import { getProvider } from "@/lib/providers/registry";

export type TProviderLabel = { name: string; logo: string; custom: boolean };

const CUSTOM_LOGO = "/logos/custom.svg";

/** name + logo for each slug; a slug no longer defined (a deleted custom provider) reads as itself. */
export async function describeProviders(
  teamId: string,
  slugs: Iterable<string>,
): Promise<(slug: string) => TProviderLabel> {
  const unknown = [...new Set(slugs)].filter((s) => !getProvider(s));
  const custom = unknown.length ? await findCustomProviders(teamId) : [];
  const byslug = new Map(custom.map((p) => [p.slug, p]));
  return (slug) => {
    const p = getProvider(slug);
    if (p) return { name: p.name, logo: p.logo, custom: false };
    const c = byslug.get(slug);
    return { name: c?.name ?? slug, logo: CUSTOM_LOGO, custom: true };
  };
}
