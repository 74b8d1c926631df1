import { redirect } from "next/navigation";
import { PartnerSettings } from "@/components/partners/partner-settings";
import { PageHeader } from "@/components/ui/card";
import { hasRole } from "@/lib/actor";
import { requireDashboardContext } from "@/lib/auth/dashboard-context";
import { dashboardTitle } from "@/lib/auth/dashboard-title";
import { getPartnerProfile } from "@/lib/partners/get-partner-profile";
import { findCustomProviders } from "@/lib/providers/custom-apps";
import { listProviders } from "@/lib/providers/registry";

export const generateMetadata = dashboardTitle("Partner");

export default async function PartnerPage() {
  const ctx = await requireDashboardContext();
  if (!ctx.role || !hasRole(ctx.role, "admin")) redirect("/");
  const [profile, custom] = await Promise.all([getPartnerProfile(ctx), findCustomProviders(ctx.teamId)]);
  const providers = [
    ...listProviders().map((p) => ({ slug: p.slug, name: p.name, logo: p.logo })),
    ...custom.map((p) => ({ slug: p.slug, name: p.name, logo: "/logos/custom.svg" })),
  ];
  return (
    <>
      <PageHeader
        title="Partner"
        description="Partner mode: connect your own users' accounts through hosted, white-label connect pages. Also at GET/PUT /api/v1/partner."
      />
      <PartnerSettings profile={profile} providers={providers} />
    </>
  );
}
