import { CatalogGrid } from "@/components/catalog/catalog-grid";
import { PageHeader } from "@/components/ui/card";
import { hasRole } from "@/lib/actor";
import { listCatalog } from "@/lib/tools/catalog";
import { CATEGORY_LABELS, PROVIDER_CATEGORIES } from "@/lib/providers/schemas";
import { requireDashboardContext } from "@/lib/auth/dashboard-context";
import { dashboardTitle } from "@/lib/auth/dashboard-title";

export const generateMetadata = dashboardTitle("Catalog");

export default async function CatalogPage() {
  const ctx = await requireDashboardContext();
  // The Sandbox (present when enabled: embedded/dev/demo) is where the README sends newcomers: pin it first.
  const providers = [...(await listCatalog(ctx))].sort(
    (a, b) => Number(b.slug === "sandbox") - Number(a.slug === "sandbox"),
  );
  const used = new Set(providers.map((p) => p.category));
  return (
    <>
      <PageHeader
        title="Catalog"
        description={`Connect an account to ${ctx.brand.name}. Tokens are encrypted and refreshed for you.`}
      />
      <CatalogGrid
        providers={providers}
        categories={PROVIDER_CATEGORIES.filter((c) => used.has(c)).map((c) => ({
          id: c,
          label: CATEGORY_LABELS[c],
        }))}
        canShare={ctx.role !== null && hasRole(ctx.role, "admin")}
        brandName={ctx.brand.name}
      />
    </>
  );
}
