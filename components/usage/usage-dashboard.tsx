"use client";

// The Usage page (GET /api/v1/usage): the tier's quota bars, proxied calls per day per provider, connected
// accounts over time and connections by status. Colour is never the only signal: bars carry their numbers as
// text, charts have legends, and a screen-reader table repeats each chart's data.
import { useQuery } from "@tanstack/react-query";
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { Card, EmptyState, ErrorText } from "@/components/ui/card";

type TQuota = { used: number; limit: number | null };
export type TUsage = {
  tier: {
    id: string;
    name: string;
    api_rpm: number | null;
    monthly_proxy_calls: number | null;
    max_accounts: number | null;
  };
  month: string;
  resets_at: string;
  quotas: { proxy_calls: TQuota; accounts: TQuota; api_rpm: { limit: number | null } };
  calls_per_day: { day: string; total: number; by_provider: Record<string, number> }[];
  providers: string[];
  accounts_over_time: { day: string; accounts: number }[];
  connections_by_status: Record<string, number>;
};

const PALETTE = ["#4f46e5", "#16a34a", "#d97706", "#dc2626", "#0891b2", "#9333ea", "#65a30d", "#db2777"];
const STATUS_LABELS: Record<string, string> = {
  connected: "Connected",
  needs_reauth: "Needs re-auth",
  error: "Error",
  disabled: "Disabled",
  pending: "Pending",
  revoked: "Revoked",
};
const STATUS_COLORS: Record<string, string> = {
  connected: "#16a34a",
  needs_reauth: "#d97706",
  error: "#dc2626",
  disabled: "#71717a",
  pending: "#2563eb",
  revoked: "#a1a1aa",
};

const fmt = (n: number) => n.toLocaleString("en-US");

async function fetchUsage(): Promise<TUsage> {
  const res = await fetch("/api/v1/usage", { credentials: "same-origin" });
  const body = (await res.json().catch(() => null)) as (TUsage & { error?: { message?: string } }) | null;
  if (!res.ok || !body || body.error)
    throw new Error(body?.error?.message ?? `Usage could not be loaded (${res.status}).`);
  return body;
}

export function QuotaBar({
  label,
  quota,
  unit,
  testId,
}: {
  label: string;
  quota: TQuota;
  unit: string;
  testId: string;
}) {
  const pct = quota.limit ? Math.min(100, Math.round((quota.used / quota.limit) * 100)) : 0;
  // a sliver for any use at all, so that 3 of 100,000 does not look like none
  const width = quota.limit && quota.used > 0 ? Math.max(pct, 1) : pct;
  const tone = pct >= 100 ? "bg-red-600" : pct >= 80 ? "bg-amber-500" : "bg-indigo-600";
  return (
    <div data-testid={testId}>
      <div className="flex items-baseline justify-between gap-2 text-sm">
        <span className="font-medium">{label}</span>
        <span className="tabular-nums text-zinc-600 dark:text-zinc-400" data-testid={`${testId}-text`}>
          {quota.limit === null
            ? `${fmt(quota.used)} ${unit} · unlimited`
            : `${fmt(quota.used)} of ${fmt(quota.limit)} ${unit} (${String(pct)} %)`}
        </span>
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={quota.limit ?? undefined}
        aria-valuenow={quota.used}
        aria-valuetext={
          quota.limit === null ? `${fmt(quota.used)}, unlimited` : `${fmt(quota.used)} of ${fmt(quota.limit)}`
        }
        className="mt-1 h-2.5 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800"
      >
        {quota.limit !== null ? (
          <div className={`h-full ${tone}`} style={{ width: `${String(width)}%` }} />
        ) : null}
      </div>
    </div>
  );
}

function Quotas({ u }: { u: TUsage }) {
  const resets = new Date(u.resets_at).toISOString().slice(0, 10);
  return (
    <Card>
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="font-medium">
          Tier: <span data-testid="usage-tier">{u.tier.name}</span>
        </h2>
        <p className="text-sm text-zinc-500">Monthly quota starts again on {resets} (UTC)</p>
      </div>
      <div className="space-y-4">
        <QuotaBar
          label={`Proxied calls in ${u.month}`}
          quota={u.quotas.proxy_calls}
          unit="calls"
          testId="quota-proxy"
        />
        <QuotaBar
          label="Connected accounts"
          quota={u.quotas.accounts}
          unit="accounts"
          testId="quota-accounts"
        />
        <p className="text-sm" data-testid="quota-api-rpm">
          <span className="font-medium">API rate limit:</span>{" "}
          {u.quotas.api_rpm.limit === null
            ? "unlimited"
            : `${fmt(u.quotas.api_rpm.limit)} calls a minute for the team (API keys, outside the proxy)`}
        </p>
      </div>
      <p className="mt-3 text-xs text-zinc-500">
        Calls count once the provider was called; Patchbay&apos;s own refusals do not. Counts are a few
        seconds behind the traffic, and each Patchbay instance adds its calls when it writes them (every 5 s).
      </p>
    </Card>
  );
}

function CallsChart({ u }: { u: TUsage }) {
  const total = u.calls_per_day.reduce((n, d) => n + d.total, 0);
  const rows = u.calls_per_day.map((d) => ({ day: d.day, ...d.by_provider }));
  return (
    <Card>
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <div>
          <h2 className="font-medium">Proxied calls per day, by provider</h2>
          <p className="text-xs text-zinc-500">
            Every proxied answer, Patchbay&apos;s own refusals included.
          </p>
        </div>
        <p className="text-sm text-zinc-500" data-testid="calls-total">
          {fmt(total)} calls in 30 days
        </p>
      </div>
      {total === 0 ? (
        <EmptyState title="No proxied calls in the last 30 days">
          Calls through /api/v1/connections/&#123;id&#125;/proxy/… or /api/v1/proxy/&#123;provider&#125;/…
          show up here within a few seconds.
        </EmptyState>
      ) : (
        <>
          <div className="h-60" aria-hidden="true">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={rows} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#a1a1aa44" />
                <XAxis
                  dataKey="day"
                  tickFormatter={(d: string) => d.slice(5)}
                  fontSize={11}
                  minTickGap={16}
                />
                <YAxis allowDecimals={false} fontSize={11} />
                <Tooltip />
                <Legend wrapperStyle={{ fontSize: 12 }} />
                {u.providers.map((p, i) => (
                  <Bar key={p} dataKey={p} name={p} stackId="calls" fill={PALETTE[i % PALETTE.length]} />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </div>
          <table className="sr-only" data-testid="calls-table">
            <caption>Proxied calls per day by provider</caption>
            <thead>
              <tr>
                <th>Day</th>
                {u.providers.map((p) => (
                  <th key={p}>{p}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {u.calls_per_day
                .filter((d) => d.total > 0)
                .map((d) => (
                  <tr key={d.day}>
                    <td>{d.day}</td>
                    {u.providers.map((p) => (
                      <td key={p}>{d.by_provider[p] ?? 0}</td>
                    ))}
                  </tr>
                ))}
            </tbody>
          </table>
        </>
      )}
    </Card>
  );
}

function AccountsChart({ u }: { u: TUsage }) {
  const last = u.accounts_over_time.at(-1)?.accounts ?? 0;
  return (
    <Card>
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="font-medium">Connected accounts over time</h2>
        <p className="text-sm text-zinc-500" data-testid="accounts-now">
          {fmt(last)} now
        </p>
      </div>
      {last === 0 ? (
        <EmptyState title="No connected accounts yet">
          Partner platforms create one per end-user with POST /api/v1/accounts.
        </EmptyState>
      ) : (
        <>
          <div className="h-48" aria-hidden="true">
            <ResponsiveContainer width="100%" height="100%">
              <AreaChart data={u.accounts_over_time} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#a1a1aa44" />
                <XAxis
                  dataKey="day"
                  tickFormatter={(d: string) => d.slice(5)}
                  fontSize={11}
                  minTickGap={16}
                />
                <YAxis allowDecimals={false} fontSize={11} />
                <Tooltip />
                <Area dataKey="accounts" name="Accounts" stroke="#4f46e5" fill="#4f46e533" />
              </AreaChart>
            </ResponsiveContainer>
          </div>
          <table className="sr-only">
            <caption>Connected accounts at the end of each day</caption>
            <tbody>
              {u.accounts_over_time.map((d) => (
                <tr key={d.day}>
                  <td>{d.day}</td>
                  <td>{d.accounts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <p className="mt-2 text-xs text-zinc-500">
        Counted from the accounts that exist today, by the day each was created: a deleted account drops out
        of the whole history.
      </p>
    </Card>
  );
}

function HealthChart({ u }: { u: TUsage }) {
  const rows = Object.entries(u.connections_by_status)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => ({ status, label: STATUS_LABELS[status] ?? status, n }));
  const total = rows.reduce((a, r) => a + r.n, 0);
  return (
    <Card>
      <h2 className="mb-3 font-medium">Connection health</h2>
      {total === 0 ? (
        <EmptyState title="No connections yet">Connect a provider from the Catalog.</EmptyState>
      ) : (
        <div className="grid gap-4 sm:grid-cols-2">
          <div className="h-40" aria-hidden="true">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={rows} layout="vertical" margin={{ top: 0, right: 8, bottom: 0, left: 16 }}>
                <XAxis type="number" allowDecimals={false} fontSize={11} />
                <YAxis type="category" dataKey="label" fontSize={11} width={90} />
                <Tooltip />
                <Bar dataKey="n" name="Connections">
                  {rows.map((r) => (
                    <Cell key={r.status} fill={STATUS_COLORS[r.status] ?? "#71717a"} />
                  ))}
                </Bar>
              </BarChart>
            </ResponsiveContainer>
          </div>
          <ul className="space-y-1 text-sm" data-testid="health-list">
            {rows.map((r) => (
              <li key={r.status} className="flex justify-between gap-4" data-status={r.status}>
                <span>{r.label}</span>
                <span className="tabular-nums font-medium">{fmt(r.n)}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </Card>
  );
}

export function UsageDashboard() {
  const usage = useQuery({ queryKey: ["usage"], queryFn: fetchUsage, refetchInterval: 10_000 });
  if (usage.isPending)
    return (
      <p className="text-sm text-zinc-500" role="status">
        Loading usage…
      </p>
    );
  if (usage.isError)
    return (
      <ErrorText>
        {usage.error.message} Reload the page; if it keeps failing, the server log has the request id.
      </ErrorText>
    );
  const u = usage.data;
  return (
    <div className="space-y-6">
      <Quotas u={u} />
      <CallsChart u={u} />
      <div className="grid gap-6 lg:grid-cols-2">
        <AccountsChart u={u} />
        <HealthChart u={u} />
      </div>
    </div>
  );
}
