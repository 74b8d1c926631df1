import type { TAuthContext } from "@/lib/actor";
import { env } from "@/lib/env";
import { notFound } from "@/lib/errors";
import { findCustomProviders } from "@/lib/providers/custom-apps";
import { findConfiguredSlugs } from "@/lib/providers/app-repo";
import { CATEGORY_LABELS, type TProvider } from "@/lib/providers/schemas";
import { listProviders, type TProviderFilter } from "@/lib/providers/registry";

export type TCatalogEntry = ReturnType<typeof toEntry>;

function toEntry(p: TProvider, configuredBy: "team" | "instance" | "sandbox" | null) {
  const needsApp = p.authModes.includes("oauth2");
  return {
    slug: p.slug,
    name: p.name,
    description: p.description,
    category: p.category,
    category_label: CATEGORY_LABELS[p.category],
    logo: p.logo,
    docs_url: p.docsUrl ?? null,
    auth_modes: p.authModes,
    connection_params: p.connectionParams.map((c) => ({
      name: c.name,
      label: c.label,
      description: c.description ?? null,
      pattern: c.pattern,
      example: c.example,
      placeholder: c.placeholder ?? null,
      required: c.default === undefined,
    })),
    api_key: p.apiKey
      ? {
          label: p.apiKey.label,
          placeholder: p.apiKey.placeholder ?? null,
          instructions: p.apiKey.instructions ?? null,
          help_url: p.apiKey.helpUrl ?? null,
        }
      : null,
    basic: p.basic
      ? {
          username_label: p.basic.usernameLabel,
          password_label: p.basic.passwordLabel,
          instructions: p.basic.instructions ?? null,
        }
      : null,
    service_account: p.serviceAccount ? { description: p.serviceAccount.description } : null,
    scopes: p.oauth2
      ? { default: p.oauth2.scopes.default, available: p.oauth2.scopes.available ?? null }
      : null,
    webhooks: p.webhooks ? { events: p.webhooks.events } : null,
    /** OAuth providers need client credentials (the team's, the instance's, or the built-in sandbox's). */
    configured: !needsApp || configuredBy !== null,
    /** Some way to connect works now: OAuth with an app, or an API key / basic credential. */
    connectable: (needsApp && configuredBy !== null) || Boolean(p.apiKey ?? p.basic ?? p.serviceAccount),
    configured_by: configuredBy,
  };
}

async function configuredMap(teamId: string) {
  const rows = await findConfiguredSlugs(teamId);
  const map = new Map<string, "team" | "instance" | "sandbox">();
  for (const r of rows)
    if (!map.has(r.providerSlug) || r.teamId) map.set(r.providerSlug, r.teamId ? "team" : "instance");
  if (env().sandbox.enabled && !map.has("sandbox")) map.set("sandbox", "sandbox");
  return map;
}

const visible = (p: TProvider) => p.slug !== "sandbox" || env().sandbox.enabled;

export async function listCatalog(ctx: TAuthContext, filter: TProviderFilter = {}) {
  const configured = await configuredMap(ctx.teamId);
  const needle = filter.q?.toLowerCase();
  const custom = (await findCustomProviders(ctx.teamId)).filter(
    (p) =>
      (!filter.category || p.category === filter.category) &&
      (!needle || p.name.toLowerCase().includes(needle) || p.slug.includes(needle)),
  );
  return [...listProviders(filter).filter(visible), ...custom].map((p) =>
    toEntry(p, configured.get(p.slug) ?? null),
  );
}

export async function getCatalogEntryOrThrow(ctx: TAuthContext, slug: string) {
  const entry = (await listCatalog(ctx)).find((e) => e.slug === slug);
  if (!entry) throw notFound("Provider");
  return entry;
}
