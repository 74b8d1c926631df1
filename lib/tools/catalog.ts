// The catalog as callers read it: the providers' entries (lib/providers/list-catalog.ts) with `tools` derived from
// the registry of implemented tools — so the catalog never names a tool that does not run. A provider with no
// implemented tool yet lists none (its proxy still works).
import type { TAuthContext } from "@/lib/actor";
import * as providers from "@/lib/providers/list-catalog";
import type { TProviderFilter } from "@/lib/providers/registry";
import { catalogToolsFor } from "./registry";

export type TCatalogEntry = providers.TCatalogEntry & { tools: { name: string; description: string }[] };

const withTools = (e: providers.TCatalogEntry): TCatalogEntry => ({ ...e, tools: catalogToolsFor(e.slug) });

export async function listCatalog(ctx: TAuthContext, filter: TProviderFilter = {}): Promise<TCatalogEntry[]> {
  return (await providers.listCatalog(ctx, filter)).map(withTools);
}

export async function getCatalogEntryOrThrow(ctx: TAuthContext, slug: string): Promise<TCatalogEntry> {
  return withTools(await providers.getCatalogEntryOrThrow(ctx, slug));
}
