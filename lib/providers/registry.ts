import { catalog } from "./catalog";
import {
  CATEGORY_LABELS,
  PROVIDER_CATEGORIES,
  ZProviderList,
  type TAuthMode,
  type TProvider,
  type TProviderCategory,
} from "./schemas";

export { apiAuthFor } from "./schemas";

function slugOf(entry: unknown): string | undefined {
  if (typeof entry !== "object" || entry === null || !("slug" in entry)) return undefined;
  return typeof entry.slug === "string" ? entry.slug : undefined;
}

/**
 * Validate raw catalog entries. Throws one Error listing every problem as `slug: path: message`, so a bad
 * entry is caught at module load (and by the unit tests) with enough detail to fix it.
 */
export function parseProviderCatalog(entries: readonly unknown[]): TProvider[] {
  const result = ZProviderList.safeParse(entries);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const [index, ...rest] = issue.path;
    const who = typeof index === "number" ? (slugOf(entries[index]) ?? `entry #${index}`) : "registry";
    const where = rest.length > 0 ? rest.map(String).join(".") : "(entry)";
    return `  - ${who}: ${where}: ${issue.message}`;
  });
  throw new Error(`Invalid provider registry (${lines.length} issue(s)):\n${lines.join("\n")}`);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Every provider, validated and frozen, sorted by display name. */
export const providers: readonly TProvider[] = deepFreeze(
  parseProviderCatalog(catalog).sort((a, b) => a.name.localeCompare(b.name, "en")),
);

const bySlug = new Map(providers.map((p) => [p.slug, p]));

export function getProvider(slug: string): TProvider | undefined {
  return bySlug.get(slug);
}

export type TProviderFilter = {
  category?: TProviderCategory;
  authMode?: TAuthMode;
  /** Case-insensitive substring match on slug, name, description, aliases and category. */
  q?: string;
};

function haystack(p: TProvider): string {
  return [p.slug, p.name, p.description, p.category, CATEGORY_LABELS[p.category], ...p.aliases]
    .join("\n")
    .toLowerCase();
}

const searchText = new Map(providers.map((p) => [p.slug, haystack(p)]));

/** Providers matching every given filter, sorted by name. The sandbox is included; hide it in the UI if needed. */
export function listProviders(filter: TProviderFilter = {}): TProvider[] {
  const q = filter.q?.trim().toLowerCase() ?? "";
  return providers.filter(
    (p) =>
      (filter.category === undefined || p.category === filter.category) &&
      (filter.authMode === undefined || p.authModes.includes(filter.authMode)) &&
      (q === "" || (searchText.get(p.slug) ?? "").includes(q)),
  );
}

export type TCategorySummary = { id: TProviderCategory; label: string; count: number };

/** Categories that have at least one provider, in the canonical order of PROVIDER_CATEGORIES. */
export const categories: readonly TCategorySummary[] = deepFreeze(
  PROVIDER_CATEGORIES.map((id) => ({
    id,
    label: CATEGORY_LABELS[id],
    count: providers.filter((p) => p.category === id).length,
  })).filter((c) => c.count > 0),
);
