import Link from "next/link";
import { AttentionList } from "@/components/overview/attention-list";
import { CurlExample } from "@/components/overview/curl-example";
import { FirstRunChecklist } from "@/components/overview/first-run-checklist";
import { StatusCounts } from "@/components/overview/status-counts";
import { Card, PageHeader } from "@/components/ui/card";
import { hasRole } from "@/lib/actor";
import { getKeyUsage } from "@/lib/api-keys/get-key-usage";
import { requireDashboardContext } from "@/lib/auth/dashboard-context";
import { dashboardTitle } from "@/lib/auth/dashboard-title";

export const generateMetadata = dashboardTitle("Overview");
import {
  ATTENTION_COUNT_CAP,
  getConnectionOverview,
  hasSandboxConnection,
} from "@/lib/connections/get-overview";
import { env } from "@/lib/env";
import { describeProviders } from "@/lib/providers/describe-providers";

function accountOf(a: Record<string, unknown>): string | null {
  for (const k of ["name", "email", "login", "id"]) if (typeof a[k] === "string" && a[k]) return a[k];
  return null;
}

export default async function OverviewPage() {
  const ctx = await requireDashboardContext();
  const origin = env().appUrl;
  const admin = ctx.role !== null && hasRole(ctx.role, "admin");
  const sandbox = env().sandbox.enabled;
  const [overview, keys, sandboxDone] = await Promise.all([
    getConnectionOverview(ctx),
    getKeyUsage(ctx),
    hasSandboxConnection(ctx),
  ]);
  const providerOf = await describeProviders(
    ctx.teamId,
    overview.attention.map((a) => a.connection.provider),
  );
  const brandName = new Map(ctx.brands.map((b) => [b.id, b.name]));
  const anyConnection = overview.byBrand.length > 0;
  const steps = [
    sandbox
      ? {
          id: "connect",
          // any connection counts: a team that connects real accounts straight away is past this step too
          done: sandboxDone || anyConnection,
          title: "Connect the Sandbox",
          hint: "A built-in OAuth provider: try the whole connect flow without any third-party account.",
          href: "/catalog",
          action: "Open the Catalog",
        }
      : {
          id: "connect",
          done: anyConnection,
          title: "Connect an account",
          hint: "Pick a provider in the Catalog and sign in.",
          href: "/catalog",
          action: "Open the Catalog",
        },
    ...(admin
      ? [
          {
            id: "api-key",
            done: keys.keyCreated,
            title: "Create an API key",
            hint: "Your code and agents call Patchbay with it.",
            href: "/api-keys",
            action: "API keys",
          },
          {
            id: "first-call",
            done: keys.firstCallMade,
            title: "Make a first API call",
            hint: "Run the curl command below with your key.",
            href: "#call-the-api",
            action: "Show me",
          },
        ]
      : []),
  ];
  return (
    <>
      <PageHeader title="Overview" description={`You are working in ${ctx.team.name} / ${ctx.brand.name}.`} />
      <FirstRunChecklist steps={steps} />
      <div className="grid gap-4 md:grid-cols-2">
        <div className="min-w-0 md:col-span-2">
          <AttentionList
            cap={ATTENTION_COUNT_CAP}
            total={overview.attentionTotal}
            items={overview.attention.map(({ connection: c, reason }) => {
              const p = providerOf(c.provider);
              return {
                id: c.id,
                providerName: p.name,
                providerLogo: p.logo,
                account: c.label ?? accountOf(c.account),
                brandName: brandName.get(c.brand_id) ?? "Unknown brand",
                status: c.status,
                reason,
                message: c.last_error?.message ?? null,
                oauth: c.auth_mode === "oauth2",
              };
            })}
          />
        </div>
        {anyConnection ? (
          <StatusCounts
            className="md:col-span-2"
            brands={overview.byBrand.map((b) => ({
              ...b,
              name: brandName.get(b.brandId) ?? "Unknown brand",
            }))}
          />
        ) : (
          <Card className="min-w-0 md:col-span-2">
            <h2 className="font-medium">Connections by status</h2>
            <p className="mt-1 text-sm text-zinc-500">
              No connections yet.{" "}
              <Link href="/catalog" className="text-indigo-600 hover:underline">
                Connect an account
              </Link>{" "}
              and its status shows here.
            </p>
          </Card>
        )}
        <Card className="min-w-0">
          <h2 className="font-medium" id="call-the-api">
            Call the API
          </h2>
          <p className="mt-1 text-sm text-zinc-500">Create an API key, then:</p>
          <CurlExample lines={[`curl -H "Authorization: Bearer pbk_…"`, `${origin}/api/v1/me`]} />
          <Link href="/api-keys" className="mt-3 inline-block text-sm text-indigo-600 hover:underline">
            API keys →
          </Link>
        </Card>
        <Card className="min-w-0">
          <h2 className="font-medium">Brands</h2>
          <p className="mt-1 text-sm text-zinc-500">
            {ctx.brands.length === 1 ? "One brand." : `${ctx.brands.length} brands (multi-brand mode).`} Each
            brand keeps its own connections.
          </p>
          <Link href="/brands" className="mt-3 inline-block text-sm text-indigo-600 hover:underline">
            Manage brands →
          </Link>
        </Card>
      </div>
    </>
  );
}
