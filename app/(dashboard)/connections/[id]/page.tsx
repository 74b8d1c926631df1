import { notFound } from "next/navigation";
import { ConnectionDetail } from "@/components/connections/connection-detail";
import { ConnectionInboundEvents } from "@/components/webhooks/connection-inbound-events";
import { getConnectionEvents, getConnectionOrThrow } from "@/lib/connections/get-connection";
import { CONNECTION_ROLES } from "@/lib/connections/manage-connection";
import { AppError } from "@/lib/errors";
import { getProvider } from "@/lib/providers/registry";
import { requireDashboardContext } from "@/lib/auth/dashboard-context";
import { getTeamOverview } from "@/lib/tenancy/list-members";

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
  const provider = getProvider(connection.provider);
  const owner =
    connection.owner.type === "shared"
      ? "Shared with brand"
      : connection.owner.user_id === ctx.user.id
        ? "You"
        : (team.members.find((m) => m.userId === connection.owner.user_id)?.email ?? "A member");
  return (
    <ConnectionDetail
      initial={detail}
      provider={{ name: provider?.name ?? connection.provider, logo: provider?.logo ?? "/logos/sandbox.svg" }}
      owner={owner}
      brandName={ctx.brands.find((b) => b.id === connection.brand_id)?.name ?? "Unknown brand"}
      roles={[...CONNECTION_ROLES]}
      inbound={<ConnectionInboundEvents connectionId={connection.id} />}
    />
  );
}
