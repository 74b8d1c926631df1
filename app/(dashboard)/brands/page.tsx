import { BrandList } from "@/components/brands/brand-list";
import { PageHeader } from "@/components/ui/card";
import { hasRole } from "@/lib/actor";
import { requireDashboardContext } from "@/lib/auth/dashboard-context";
import { dashboardTitle } from "@/lib/auth/dashboard-title";

export const generateMetadata = dashboardTitle("Brands");

export default async function BrandsPage() {
  const ctx = await requireDashboardContext();
  return (
    <>
      <PageHeader
        title="Brands"
        description="A brand is one storefront or client: it has its own connections. Switch brands in the header."
      />
      <BrandList
        brands={ctx.brands}
        currentId={ctx.brand.id}
        canManage={ctx.role !== null && hasRole(ctx.role, "admin")}
      />
    </>
  );
}
