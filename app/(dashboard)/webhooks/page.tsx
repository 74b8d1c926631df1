import { redirect } from "next/navigation";
import { EndpointManager } from "@/components/webhooks/endpoint-manager";
import { PageHeader } from "@/components/ui/card";
import { hasRole } from "@/lib/actor";
import { requireDashboardContext } from "@/lib/auth/dashboard-context";
import { listEndpoints } from "@/lib/events/endpoints";

export default async function WebhooksPage() {
  const ctx = await requireDashboardContext();
  if (!ctx.role || !hasRole(ctx.role, "admin")) redirect("/");
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Signed events (Standard Webhooks) sent to your endpoints when connections change."
      />
      <section aria-labelledby="outbound-endpoints" className="space-y-3">
        <h2 id="outbound-endpoints" className="text-lg font-medium">
          Outbound endpoints
        </h2>
        <EndpointManager
          initial={await listEndpoints(ctx)}
          brands={ctx.brands.map((b) => ({ id: b.id, name: b.name }))}
        />
      </section>
      {/* Inbound provider webhooks (URLs and secrets per provider app) go in their own section below. */}
    </>
  );
}
