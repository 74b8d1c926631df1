import Link from "next/link";
import { DisconnectedNotice } from "@/components/connections/disconnected-notice";
import { StatusBadge } from "@/components/connections/status-badge";
import { LiveRefresh } from "@/components/layout/live-refresh";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { ProviderLogo } from "@/components/ui/provider-logo";
import { listConnections } from "@/lib/connections/list-connections";
import { getProvider } from "@/lib/providers/registry";
import { requireDashboardContext } from "@/lib/auth/dashboard-context";
import { getTeamOverview } from "@/lib/tenancy/list-members";

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
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {data.map((c) => {
                const p = getProvider(c.provider);
                const account = [c.label, c.account.name ?? c.account.email ?? c.account.id]
                  .filter((v) => typeof v === "string" && v)
                  .join(" · ");
                return (
                  <tr key={c.id} data-testid="connection-row">
                    <td className="px-4 py-2">
                      <div className="flex items-center gap-2">
                        <ProviderLogo
                          src={p?.logo ?? "/logos/sandbox.svg"}
                          name={p?.name ?? c.provider}
                          size={24}
                        />
                        <Link className="font-medium hover:underline" href={`/connections/${c.id}`}>
                          {p?.name ?? c.provider}
                        </Link>
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
                    <td className="text-xs">{new Date(c.created_at).toLocaleString()}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <DisconnectedNotice />
    </>
  );
}
