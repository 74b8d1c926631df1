// In the (list) group so that loading.tsx (a Suspense boundary) covers the list only: above /connections/[id] it
// would stream that page and turn its notFound() into a 200.
import Link from "next/link";
import {
  CONNECTION_FILTER_KEYS,
  ConnectionFilters,
  type TConnectionFilterValues,
} from "@/components/connections/connection-filters";
import { ConnectionTable, type TConnectionListRow } from "@/components/connections/connection-table";
import { DisconnectedNotice } from "@/components/connections/disconnected-notice";
import { LiveRefresh } from "@/components/layout/live-refresh";
import { EmptyState, ErrorText, PageHeader } from "@/components/ui/card";
import { requireDashboardContext } from "@/lib/auth/dashboard-context";
import { dashboardTitle } from "@/lib/auth/dashboard-title";
import { listConnections } from "@/lib/connections/list-connections";
import { ZListConnectionsQuery } from "@/lib/connections/schemas";
import { describeProviders } from "@/lib/providers/describe-providers";
import { listCatalog } from "@/lib/providers/list-catalog";
import { getTeamOverview } from "@/lib/tenancy/list-members";

export const generateMetadata = dashboardTitle("Connections");

const PAGE = 50;
const link = "text-indigo-700 hover:underline dark:text-indigo-400";

export default async function ConnectionsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requireDashboardContext();
  const raw = await searchParams;
  const values: TConnectionFilterValues = {};
  for (const k of CONNECTION_FILTER_KEYS) {
    const v = raw[k];
    if (typeof v === "string" && v.trim()) values[k] = v.trim();
  }
  const cursor = typeof raw.cursor === "string" && raw.cursor ? raw.cursor : undefined;
  const allBrands = values.brand === "all";
  // The page's words for the API's filters: "me" is the owner_user_id of the signed-in user.
  const parsed = ZListConnectionsQuery.safeParse({
    q: values.q,
    provider: values.provider,
    status: values.status,
    owner: values.owner === "me" ? undefined : values.owner,
    owner_user_id: values.owner === "me" ? ctx.user.id : undefined,
    account_id: values.account_id,
    brand_id: allBrands ? undefined : ctx.brand.id,
    cursor,
    limit: String(PAGE),
  });
  const [page, team, catalog] = await Promise.all([
    parsed.success ? listConnections(ctx, parsed.data) : Promise.resolve({ data: [], next_cursor: null }),
    getTeamOverview(ctx),
    listCatalog(ctx),
  ]);
  const providerOf = await describeProviders(
    ctx.teamId,
    page.data.map((c) => c.provider),
  );
  const emailOf = new Map(team.members.map((m) => [m.userId, m.email]));
  const brandOf = new Map(ctx.brands.map((b) => [b.id, b.name]));
  const rows: TConnectionListRow[] = page.data.map((c) => {
    const p = providerOf(c.provider);
    return {
      id: c.id,
      providerName: p.name,
      providerLogo: p.logo,
      account: [c.label, c.account.name ?? c.account.email ?? c.account.id]
        .filter((v) => typeof v === "string" && v)
        .join(" · "),
      owner:
        c.owner.type === "shared"
          ? "Shared with brand"
          : c.owner.type === "account"
            ? "Connected account"
            : c.owner.user_id === ctx.user.id
              ? "You"
              : (emailOf.get(c.owner.user_id ?? "") ?? "A member"),
      brand: brandOf.get(c.brand_id) ?? null,
      status: c.status,
      createdAt: c.created_at,
      reconnect:
        c.auth_mode === "oauth2" &&
        (c.status === "needs_reauth" || c.status === "error" || c.last_error?.code === "expires_soon"),
    };
  });
  const filterQs = new URLSearchParams(values);
  const filtered = CONNECTION_FILTER_KEYS.some((k) => k !== "brand" && values[k]);
  const nextHref = page.next_cursor
    ? `/connections?${new URLSearchParams({ ...values, cursor: page.next_cursor }).toString()}`
    : null;
  const where = allBrands ? "across all brands you can see" : `in ${ctx.brand.name}`;
  return (
    <>
      <LiveRefresh />
      <PageHeader
        title="Connections"
        description={`Connections ${where}, newest first, ${PAGE} a page. Also at GET /api/v1/connections (same filters).`}
        actions={
          <Link className={`text-sm ${link}`} href="/catalog">
            Connect an account →
          </Link>
        }
      />
      <DisconnectedNotice />
      <ConnectionFilters
        values={values}
        brandName={ctx.brand.name}
        providers={catalog.map((p) => ({ slug: p.slug, name: p.name }))}
      />
      {parsed.success ? null : (
        <div className="mb-4" data-testid="filter-error">
          <ErrorText>
            These filters cannot be used:{" "}
            {parsed.error.issues.map((i) => `${i.path.join(".") || "filter"}: ${i.message}`).join(" ")}{" "}
            <Link className={link} href="/connections">
              Clear the filters
            </Link>
            .
          </ErrorText>
        </div>
      )}
      {rows.length === 0 ? (
        parsed.success && (filtered || cursor) ? (
          <EmptyState title="No connections match">
            Nothing {where} matches these filters.{" "}
            <Link className={link} href={allBrands ? "/connections?brand=all" : "/connections"}>
              Clear the filters
            </Link>{" "}
            or change them above.
          </EmptyState>
        ) : parsed.success ? (
          <EmptyState title={allBrands ? "No connections yet" : `No connections in ${ctx.brand.name} yet`}>
            Open the{" "}
            <Link className={link} href="/catalog">
              Catalog
            </Link>{" "}
            and connect an account.
          </EmptyState>
        ) : null
      ) : (
        <ConnectionTable rows={rows} showBrand={allBrands} />
      )}
      <nav aria-label="Connection pages" className="mt-4 flex justify-between text-sm">
        {cursor ? (
          <Link className={link} href={`/connections${filterQs.size ? `?${filterQs.toString()}` : ""}`}>
            ← First page
          </Link>
        ) : (
          <span />
        )}
        {nextHref ? (
          <Link className={link} href={nextHref}>
            Next page →
          </Link>
        ) : null}
      </nav>
    </>
  );
}
