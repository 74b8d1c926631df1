import { redirect } from "next/navigation";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { listAuditEntries } from "@/lib/audit/list-audit-entries";
import { hasRole } from "@/lib/actor";
import { requireDashboardContext } from "@/lib/auth/dashboard-context";

export default async function AuditLogPage() {
  const ctx = await requireDashboardContext();
  if (!ctx.role || !hasRole(ctx.role, "admin")) redirect("/");
  const { data } = await listAuditEntries(ctx, { limit: 200 });
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who changed what in this team (latest 200). Also at GET /api/v1/audit-log."
        actions={
          <a className="text-sm text-indigo-600 hover:underline" href="/api/v1/audit-log/export" download>
            Export CSV
          </a>
        }
      />
      {data.length === 0 ? (
        <EmptyState title="Nothing recorded yet">
          Changes to brands, members and API keys appear here.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full text-sm">
            <thead className="border-b border-zinc-200 text-left text-xs uppercase text-zinc-500 dark:border-zinc-800">
              <tr>
                <th className="px-4 py-2">When</th>
                <th>Action</th>
                <th>Actor</th>
                <th>Target</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {data.map((e) => (
                <tr key={e.id} data-testid="audit-row">
                  <td className="px-4 py-2 text-xs">{new Date(e.created_at).toLocaleString()}</td>
                  <td className="font-mono text-xs">{e.action}</td>
                  <td className="text-xs text-zinc-500">
                    {e.actor ? `${e.actor.type} ${e.actor.id}` : "system"}
                  </td>
                  <td className="text-xs text-zinc-500">
                    {e.target ? `${e.target.type} ${e.target.id ?? ""}` : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
