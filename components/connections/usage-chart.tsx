"use client";

// Proxied calls per day for the last 30 days (GET /api/v1/connections/{id}/usage), stacked by status class.
// Colour is never the only signal: the legend names each series, the tooltip lists them, and a screen-reader
// table carries the same numbers.
import { useQuery } from "@tanstack/react-query";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Card, ErrorText } from "@/components/ui/card";

type TUsageDay = {
  day: string;
  calls: number;
  bytes_in: number;
  bytes_out: number;
  status_2xx: number;
  status_3xx: number;
  status_4xx: number;
  status_5xx: number;
  patchbay_errors: number;
};

const SERIES = [
  { key: "status_2xx", name: "2xx", color: "#16a34a" },
  { key: "status_3xx", name: "3xx", color: "#2563eb" },
  { key: "status_4xx", name: "4xx", color: "#d97706" },
  { key: "status_5xx", name: "5xx", color: "#dc2626" },
  { key: "patchbay_errors", name: "Patchbay errors", color: "#71717a" },
] as const;

const fmtBytes = (n: number) =>
  n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 ** 2).toFixed(1)} MB`;

async function fetchUsage(connectionId: string): Promise<TUsageDay[]> {
  const res = await fetch(`/api/v1/connections/${encodeURIComponent(connectionId)}/usage?days=30`, {
    credentials: "same-origin",
  });
  const body = (await res.json().catch(() => null)) as {
    data?: TUsageDay[];
    error?: { message?: string };
  } | null;
  if (!res.ok || !body?.data)
    throw new Error(body?.error?.message ?? `Usage could not be loaded (${res.status}).`);
  return body.data;
}

export function UsageChart({ connectionId }: { connectionId: string }) {
  const usage = useQuery({
    queryKey: ["connection-usage", connectionId],
    queryFn: () => fetchUsage(connectionId),
    refetchInterval: 30_000,
  });
  const days = usage.data ?? [];
  const total = days.reduce(
    (t, d) => ({
      calls: t.calls + d.calls,
      errors: t.errors + d.status_5xx + d.patchbay_errors,
      out: t.out + d.bytes_out,
    }),
    { calls: 0, errors: 0, out: 0 },
  );
  return (
    <Card>
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="font-medium">Usage, last 30 days</h2>
        {usage.data ? (
          <p className="text-sm text-zinc-500" data-testid="usage-totals">
            {total.calls.toLocaleString()} calls · {fmtBytes(total.out)} received ·{" "}
            {total.errors.toLocaleString()} errors
          </p>
        ) : null}
      </div>
      {usage.isPending ? (
        <p className="text-sm text-zinc-500">Loading usage…</p>
      ) : usage.isError ? (
        <ErrorText>{usage.error.message}</ErrorText>
      ) : total.calls === 0 ? (
        <p className="text-sm text-zinc-500">
          No calls through the proxy yet. Requests to /api/v1/connections/{connectionId}/proxy/… show up here
          within a few seconds.
        </p>
      ) : (
        <>
          <div className="h-56" aria-hidden="true">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={days} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
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
                {SERIES.map((s) => (
                  <Bar key={s.key} dataKey={s.key} name={s.name} stackId="calls" fill={s.color} />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </div>
          <table className="sr-only">
            <caption>Proxied calls per day by status class</caption>
            <thead>
              <tr>
                <th>Day</th>
                {SERIES.map((s) => (
                  <th key={s.key}>{s.name}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {days
                .filter((d) => d.calls > 0)
                .map((d) => (
                  <tr key={d.day}>
                    <td>{d.day}</td>
                    {SERIES.map((s) => (
                      <td key={s.key}>{d[s.key]}</td>
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
