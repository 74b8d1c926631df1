import { notFound } from "next/navigation";
import { ApiConsole } from "@/components/connections/api-console";
import { ConnectionDetail } from "@/components/connections/connection-detail";
import { ConnectionTools } from "@/components/tools/connection-tools";
import { ConnectionInboundEvents } from "@/components/webhooks/connection-inbound-events";
import { getConnectionEvents, getConnectionOrThrow } from "@/lib/connections/get-connection";
import { CONNECTION_ROLES } from "@/lib/connections/manage-connection";
import { AppError } from "@/lib/errors";
import { describeProviders } from "@/lib/providers/describe-providers";
import { requireDashboardContext } from "@/lib/auth/dashboard-context";
import { getTeamOverview } from "@/lib/tenancy/list-members";
import { dashboardTitle } from "@/lib/auth/dashboard-title";
import { listTools } from "@/lib/tools/list-tools";

export const generateMetadata = dashboardTitle("Connection");

async function loadOrNull(ctx: Awaited<ReturnType<typeof requireDashboardContext>>, id: string) {
  try {
    const [connection, events] = await Promise.all([
      getConnectionOrThrow(ctx, id),
      getConnectionEvents(ctx, id),
    ]);
    return { connection, events };
  } catch (err) {
    if (err instanceof AppError && err.code === "not_found") return null;
    throw err;
  }
}

export default async function ConnectionPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireDashboardContext();
  const { id } = await params;
  const [detail, team] = await Promise.all([loadOrNull(ctx, id), getTeamOverview(ctx)]);
  if (!detail) notFound();
  const { connection } = detail;
  const [describe, tools] = await Promise.all([
    describeProviders(ctx.teamId, [connection.provider]),
    listTools(ctx, { connectionId: connection.id }),
  ]);
  const provider = describe(connection.provider);
  const owner =
    connection.owner.type === "shared"
      ? "Shared with brand"
      : connection.owner.user_id === ctx.user.id
        ? "You"
        : (team.members.find((m) => m.userId === connection.owner.user_id)?.email ?? "A member");
  return (
    <div className="space-y-6">
      <ConnectionDetail
        initial={detail}
        provider={{ name: provider.name, logo: provider.logo }}
        owner={owner}
        brandName={ctx.brands.find((b) => b.id === connection.brand_id)?.name ?? "Unknown brand"}
        roles={[...CONNECTION_ROLES]}
        inbound={<ConnectionInboundEvents connectionId={connection.id} />}
      />
      <ConnectionTools connectionId={connection.id} tools={tools} />
      <ApiConsole connectionId={connection.id} />
    </div>
  );
}
