import Link from "next/link";
import { redirect } from "next/navigation";
import { AccountTable } from "@/components/partners/account-table";
import { EmptyState, ErrorText, PageHeader } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import { hasRole } from "@/lib/actor";
import { requireDashboardContext } from "@/lib/auth/dashboard-context";
import { dashboardTitle } from "@/lib/auth/dashboard-title";
import { getPartnerProfile } from "@/lib/partners/get-partner-profile";
import { listAccounts } from "@/lib/partners/list-accounts";
import { ZListAccountsQuery } from "@/lib/partners/schemas";

export const generateMetadata = dashboardTitle("Accounts");

const PAGE = 25;
const link = "text-indigo-700 hover:underline dark:text-indigo-400";

export default async function AccountsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requireDashboardContext();
  if (!ctx.role || !hasRole(ctx.role, "admin")) redirect("/");
  const profile = await getPartnerProfile(ctx);
  const header = (
    <PageHeader
      title="Accounts"
      description="Your users' connected accounts, each known by the external_id you gave it. Also at GET /api/v1/accounts."
    />
  );
  if (!profile.enabled) {
    return (
      <>
        {header}
        <EmptyState title="Partner mode is off">
          <p>
            Connected accounts are for platforms that connect their own users&apos; tools: you create an
            account per user with your own external_id, send them to a hosted connect link with your branding,
            and call their providers with the <code>X-Account-Id</code> header.
          </p>
          <p className="mt-2">
            <Link className={link} href="/partner">
              Turn on partner mode
            </Link>{" "}
            to start.
          </p>
        </EmptyState>
      </>
    );
  }
  const raw = await searchParams;
  const q = typeof raw.q === "string" ? raw.q.trim() : "";
  const cursor = typeof raw.cursor === "string" && raw.cursor ? raw.cursor : undefined;
  const parsed = ZListAccountsQuery.safeParse({
    ...(q ? { external_id_prefix: q } : {}),
    cursor,
    limit: PAGE,
  });
  const result = parsed.success ? await listAccounts(ctx, parsed.data) : { data: [], next_cursor: null };
  const qs = (extra: Record<string, string>) => {
    const s = new URLSearchParams({ ...(q ? { q } : {}), ...extra }).toString();
    return s ? `/accounts?${s}` : "/accounts";
  };
  return (
    <>
      {header}
      <form method="get" action="/accounts" role="search" className="mb-4 flex max-w-md gap-2">
        <input
          name="q"
          defaultValue={q}
          aria-label="Search by external id"
          placeholder="Search by external id (prefix)…"
          className={inputClass}
        />
        <button
          type="submit"
          className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          Search
        </button>
      </form>
      {parsed.success ? null : (
        <div className="mb-4">
          <ErrorText>
            {parsed.error.issues.map((i) => `${i.path.join(".") || "search"}: ${i.message}`).join(" ")}{" "}
            <Link className={link} href="/accounts">
              Start over
            </Link>
          </ErrorText>
        </div>
      )}
      {result.data.length === 0 ? (
        q ? (
          <EmptyState title={`No account's external id starts with “${q}”`}>
            <Link className={link} href="/accounts">
              Show every account
            </Link>
          </EmptyState>
        ) : parsed.success ? (
          <EmptyState title="No connected accounts yet">
            Create one per user of your product with <code>POST /api/v1/accounts</code> and{" "}
            <code>{`{"external_id": "<your user id>"}`}</code>, using an API key with the accounts:write
            scope.
          </EmptyState>
        ) : null
      ) : (
        <AccountTable accounts={result.data} />
      )}
      <nav aria-label="Account pages" className="mt-4 flex justify-between text-sm">
        {cursor ? (
          <Link className={link} href={qs({})}>
            ← Newest
          </Link>
        ) : (
          <span />
        )}
        {result.next_cursor ? (
          <Link className={link} href={qs({ cursor: result.next_cursor })}>
            Older accounts →
          </Link>
        ) : null}
      </nav>
    </>
  );
}
