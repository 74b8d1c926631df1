import Link from "next/link";
import { Card } from "@/components/ui/card";

const COLUMNS = [
  { status: "connected", label: "Connected", tone: "text-emerald-700 dark:text-emerald-400" },
  { status: "needs_reauth", label: "Needs re-auth", tone: "text-amber-700 dark:text-amber-400" },
  { status: "error", label: "Error", tone: "text-red-700 dark:text-red-400" },
  { status: "disabled", label: "Disabled", tone: "text-zinc-600 dark:text-zinc-400" },
] as const;

export type TBrandCounts = {
  brandId: string;
  name: string;
  counts: Partial<Record<string, number>>;
  total: number;
};

/** Connections by status, one row per brand (counted by the database). */
export function StatusCounts({ brands, className }: { brands: TBrandCounts[]; className?: string }) {
  const other = (b: TBrandCounts) => b.total - COLUMNS.reduce((n, c) => n + (b.counts[c.status] ?? 0), 0);
  const showOther = brands.some((b) => other(b) > 0);
  return (
    <Card className={`min-w-0 ${className ?? ""}`}>
      <h2 className="font-medium">Connections by status</h2>
      <div className="mt-3 overflow-x-auto">
        <table className="w-full text-sm" data-testid="status-counts">
          <thead className="whitespace-nowrap text-left text-xs uppercase text-zinc-500">
            <tr>
              <th className="py-1 pr-4 font-medium">Brand</th>
              {COLUMNS.map((c) => (
                <th key={c.status} className="py-1 pr-4 text-right font-medium">
                  {c.label}
                </th>
              ))}
              {showOther ? <th className="py-1 pr-4 text-right font-medium">Other</th> : null}
              <th className="py-1 text-right font-medium">Total</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {brands.map((b) => (
              <tr key={b.brandId} data-testid="brand-counts">
                <td className="py-1.5 pr-4 font-medium">{b.name}</td>
                {COLUMNS.map((c) => {
                  const n = b.counts[c.status] ?? 0;
                  return (
                    <td
                      key={c.status}
                      className={`py-1.5 pr-4 text-right tabular-nums ${n ? c.tone : "text-zinc-400"}`}
                      data-status={c.status}
                    >
                      {n.toLocaleString("en-US")}
                    </td>
                  );
                })}
                {showOther ? (
                  <td className="py-1.5 pr-4 text-right tabular-nums text-zinc-500">{other(b)}</td>
                ) : null}
                <td className="py-1.5 text-right font-medium tabular-nums">
                  {b.total.toLocaleString("en-US")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Link
        href="/connections?brand=all"
        className="mt-3 inline-block text-sm text-indigo-600 hover:underline"
      >
        All connections →
      </Link>
    </Card>
  );
}
