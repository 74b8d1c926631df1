import { redirect } from "next/navigation";
import { ApiKeyManager } from "@/components/api-keys/api-key-manager";
import { PageHeader } from "@/components/ui/card";
import { listApiKeys } from "@/lib/api-keys/list-api-keys";
import { hasRole } from "@/lib/actor";
import { requireDashboardContext } from "@/lib/auth/dashboard-context";
import { dashboardTitle } from "@/lib/auth/dashboard-title";

export const generateMetadata = dashboardTitle("API keys");

export default async function ApiKeysPage() {
  const ctx = await requireDashboardContext();
  if (!ctx.role || !hasRole(ctx.role, "admin")) redirect("/");
  return (
    <>
      <PageHeader
        title="API keys"
        description="Server-to-server access to /api/v1 for this team. Send as Authorization: Bearer <key>."
        actions={
          <a
            href="/docs/api"
            className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400"
          >
            API reference →
          </a>
        }
      />
      <ApiKeyManager initial={await listApiKeys(ctx)} />
    </>
  );
}
