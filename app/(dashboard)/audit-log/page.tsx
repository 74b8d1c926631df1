import Link from "next/link";
import { redirect } from "next/navigation";
import { AuditFilters, AuditTable, type TAuditFilterValues } from "@/components/audit/audit-log-view";
import { ErrorText, PageHeader } from "@/components/ui/card";
import { listApiKeys } from "@/lib/api-keys/list-api-keys";
import { listAuditActions, listAuditEntries } from "@/lib/audit/list-audit-entries";
import { ZAuditQuery } from "@/lib/audit/schemas";
import { hasRole } from "@/lib/actor";
import { requireDashboardContext } from "@/lib/auth/dashboard-context";
import { dashboardTitle } from "@/lib/auth/dashboard-title";
import { getProvider } from "@/lib/providers/registry";
import { getTeamOverview } from "@/lib/tenancy/list-members";

export const generateMetadata = dashboardTitle("Audit log");

const PAGE = 100;
const KEYS = ["actor", "action", "target_type", "target_id", "since", "until"] as const;

export default async function AuditLogPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requireDashboardContext();
  if (!ctx.role || !hasRole(ctx.role, "admin")) redirect("/");
  const raw = await searchParams;
  const values: TAuditFilterValues = {};
  for (const k of KEYS) {
    const v = raw[k];
    if (typeof v === "string" && v.trim()) values[k] = v.trim();
  }
  const cursor = typeof raw.cursor === "string" && raw.cursor ? raw.cursor : undefined;
  const parsed = ZAuditQuery.safeParse({ ...values, cursor, limit: PAGE });
  const [result, team, keys, actions] = await Promise.all([
    parsed.success
      ? listAuditEntries(ctx, parsed.data, { providerName: (s) => getProvider(s)?.name })
      : Promise.resolve({ data: [], next_cursor: null }),
    getTeamOverview(ctx),
    listApiKeys(ctx),
    listAuditActions(ctx),
  ]);
  const qs = new URLSearchParams(values);
  const olderHref = result.next_cursor
    ? `/audit-log?${new URLSearchParams({ ...values, cursor: result.next_cursor }).toString()}`
    : null;
  const filtered = Object.keys(values).length > 0;
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who changed what in this team, newest first. Also at GET /api/v1/audit-log (same filters)."
        actions={
          <a
            className="text-sm text-indigo-700 hover:underline dark:text-indigo-400"
            href={`/api/v1/audit-log/export${filtered ? `?${qs.toString()}` : ""}`}
            download
          >
            Export CSV{filtered ? " (filtered)" : ""}
          </a>
        }
      />
      <AuditFilters
        values={values}
        actions={actions}
        actors={[
          ...team.members.map((m) => ({ value: `user:${m.userId}`, label: m.email })),
          ...keys.map((k) => ({ value: `api_key:${k.id}`, label: `API key ${k.name}` })),
        ]}
      />
      {parsed.success ? null : (
        <div className="mb-4">
          <ErrorText>
            {parsed.error.issues.map((i) => `${i.path.join(".") || "filter"}: ${i.message}`).join(" ")}
          </ErrorText>
        </div>
      )}
      <AuditTable entries={result.data} filtered={filtered} />
      <nav aria-label="Audit log pages" className="mt-4 flex justify-between text-sm">
        {cursor ? (
          <Link
            className="text-indigo-700 hover:underline dark:text-indigo-400"
            href={`/audit-log${filtered ? `?${qs.toString()}` : ""}`}
          >
            ← Newest
          </Link>
        ) : (
          <span />
        )}
        {olderHref ? (
          <Link className="text-indigo-700 hover:underline dark:text-indigo-400" href={olderHref}>
            Older entries →
          </Link>
        ) : null}
      </nav>
    </>
  );
}
