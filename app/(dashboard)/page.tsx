import Link from "next/link";
import { Card, PageHeader } from "@/components/ui/card";
import { env } from "@/lib/env";
import { requireDashboardContext } from "@/lib/auth/dashboard-context";
import { dashboardTitle } from "@/lib/auth/dashboard-title";

export const generateMetadata = dashboardTitle("Overview");

export default async function OverviewPage() {
  const ctx = await requireDashboardContext();
  const origin = env().appUrl;
  return (
    <>
      <PageHeader title="Overview" description={`You are working in ${ctx.team.name} / ${ctx.brand.name}.`} />
      <div className="grid gap-4 md:grid-cols-2">
        <Card>
          <h2 className="font-medium">Brands</h2>
          <p className="mt-1 text-sm text-zinc-500">
            {ctx.brands.length === 1 ? "One brand." : `${ctx.brands.length} brands (multi-brand mode).`} Each
            brand keeps its own connections.
          </p>
          <Link href="/brands" className="mt-3 inline-block text-sm text-indigo-600 hover:underline">
            Manage brands →
          </Link>
        </Card>
        <Card>
          <h2 className="font-medium">Call the API</h2>
          <p className="mt-1 text-sm text-zinc-500">Create an API key, then:</p>
          <pre tabIndex={0} className="mt-2 overflow-x-auto rounded bg-zinc-100 p-2 text-xs dark:bg-zinc-800">
            {`curl -H "Authorization: Bearer pbk_…" ${origin}/api/v1/me`}
          </pre>
          <Link href="/api-keys" className="mt-3 inline-block text-sm text-indigo-600 hover:underline">
            API keys →
          </Link>
        </Card>
      </div>
    </>
  );
}
