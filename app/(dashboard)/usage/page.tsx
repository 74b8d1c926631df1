import { UsageDashboard } from "@/components/usage/usage-dashboard";
import { PageHeader } from "@/components/ui/card";
import { dashboardTitle } from "@/lib/auth/dashboard-title";

export const generateMetadata = dashboardTitle("Usage");

export default function UsagePage() {
  return (
    <>
      <PageHeader
        title="Usage"
        description="Your tier's limits and how much of them this team uses: proxied calls, connected accounts, connection health."
      />
      <UsageDashboard />
    </>
  );
}
