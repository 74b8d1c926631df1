import Link from "next/link";
import { DisconnectedNotice } from "@/components/connections/disconnected-notice";
import { StatusBadge } from "@/components/connections/status-badge";
import { LiveRefresh } from "@/components/layout/live-refresh";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { ProviderLogo } from "@/components/ui/provider-logo";
import { listConnections } from "@/lib/connections/list-connections";
import { CopyId } from "@/components/connections/copy-id";
import { ReconnectButton } from "@/components/connections/reconnect-button";
import { describeProviders } from "@/lib/providers/describe-providers";
import { requireDashboardContext } from "@/lib/auth/dashboard-context";
import { getTeamOverview } from "@/lib/tenancy/list-members";
import { dashboardTitle } from "@/lib/auth/dashboard-title";

export const generateMetadata = dashboardTitle("Connections");

export default async function ConnectionsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const ctx = await requireDashboardContext();
  const allBrands = (await searchParams).brand === "all";
  const [{ data, total }, team] = await Promise.all([
    listConnections(ctx, { brand_id: allBrands ? undefined : ctx.brand.id, limit: 200, offset: 0 }),
    getTeamOverview(ctx),
  ]);
  const providerOf = await describeProviders(
    ctx.teamId,
    data.map((c) => c.provider),
  );
  const emailOf = new Map(team.members.map((m) => [m.userId, m.email]));
  const brandOf = new Map(ctx.brands.map((b) => [b.id, b.name]));
  return (
    <>
      <LiveRefresh />
      <PageHeader
        title="Connections"
        description={
          allBrands
            ? `${total} connection(s) across all brands you can see.`
            : `${total} connection(s) in ${ctx.brand.name}.`
        }
        actions={
          <div className="flex gap-3 text-sm">
            <Link
              className="text-indigo-600 hover:underline"
              href={allBrands ? "/connections" : "/connections?brand=all"}
            >
              {allBrands ? `Only ${ctx.brand.name}` : "All brands"}
            </Link>
            <Link className="text-indigo-600 hover:underline" href="/catalog">
              Connect an account →
            </Link>
          </div>
        }
      />
      <DisconnectedNotice />
      {data.length === 0 ? (
        <EmptyState title={allBrands ? "No connections yet" : `No connections in ${ctx.brand.name} yet`}>
          Open the{" "}
          <Link className="text-indigo-600 hover:underline" href="/catalog">
            Catalog
          </Link>{" "}
          and connect an account.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full text-sm">
            <thead className="border-b border-zinc-200 text-left text-xs uppercase text-zinc-500 dark:border-zinc-800">
              <tr>
                <th className="px-4 py-2">Provider</th>
                <th>Account</th>
                <th>Owner</th>
                {allBrands ? <th>Brand</th> : null}
                <th>Status</th>
                <th>Connected</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {data.map((c) => {
                const p = providerOf(c.provider);
                const account = [c.label, c.account.name ?? c.account.email ?? c.account.id]
                  .filter((v) => typeof v === "string" && v)
                  .join(" · ");
                return (
                  <tr key={c.id} data-testid="connection-row">
                    <td className="px-4 py-2">
                      <div className="flex items-center gap-2">
                        <ProviderLogo src={p.logo} name={p.name} size={24} />
                        <div className="min-w-0">
                          <Link className="font-medium hover:underline" href={`/connections/${c.id}`}>
                            {p.name}
                          </Link>
                          <div>
                            <CopyId id={c.id} />
                          </div>
                        </div>
                      </div>
                    </td>
                    <td className="text-zinc-600 dark:text-zinc-400">{account || "—"}</td>
                    <td className="text-xs">
                      {c.owner.type === "shared"
                        ? "Shared with brand"
                        : c.owner.user_id === ctx.user.id
                          ? "You"
                          : (emailOf.get(c.owner.user_id ?? "") ?? "A member")}
                    </td>
                    {allBrands ? <td className="text-xs">{brandOf.get(c.brand_id)}</td> : null}
                    <td>
                      <StatusBadge status={c.status} />
                    </td>
                    <td className="text-xs">
                      <DateTime iso={c.created_at} />
                    </td>
                    <td className="px-2 text-right">
                      {c.auth_mode === "oauth2" &&
                      (c.status === "needs_reauth" ||
                        c.status === "error" ||
                        c.last_error?.code === "expires_soon") ? (
                        <ReconnectButton connectionId={c.id} providerName={p.name} compact />
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
