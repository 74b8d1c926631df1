import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { StatusBadge } from "@/components/connections/status-badge";
import { CopyId } from "@/components/connections/copy-id";
import { CreateConnectLink } from "@/components/connect-sessions/create-connect-link";
import { AccountDeletion, LiveAccountStatus } from "@/components/partners/account-deletion";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { ProviderLogo } from "@/components/ui/provider-logo";
import { hasRole } from "@/lib/actor";
import { requireDashboardContext } from "@/lib/auth/dashboard-context";
import { dashboardTitle } from "@/lib/auth/dashboard-title";
import { AppError } from "@/lib/errors";
import { getAccountDetail } from "@/lib/partners/get-account";
import { getPartnerProfile } from "@/lib/partners/get-partner-profile";
import { describeProviders } from "@/lib/providers/describe-providers";

export const generateMetadata = dashboardTitle("Account");

async function loadOrNull(teamId: string, id: string) {
  try {
    return await getAccountDetail({ teamId }, id);
  } catch (err) {
    // unknown, another team's, or partner mode off: the list page explains the last one
    if (err instanceof AppError && (err.code === "not_found" || err.code === "forbidden")) return null;
    throw err;
  }
}

export default async function AccountPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireDashboardContext();
  if (!ctx.role || !hasRole(ctx.role, "admin")) redirect("/");
  const { id } = await params;
  const detail = await loadOrNull(ctx.teamId, id);
  if (!detail) notFound();
  const { account, connections } = detail;
  const profile = await getPartnerProfile(ctx);
  const label = await describeProviders(
    ctx.teamId,
    connections.map((c) => c.provider),
  );
  const meta = Object.keys(account.metadata).length ? JSON.stringify(account.metadata, null, 2) : null;
  return (
    <div className="space-y-6">
      <div className="text-sm">
        <Link className="text-indigo-700 hover:underline dark:text-indigo-400" href="/accounts">
          ← Accounts
        </Link>
      </div>
      <PageHeader
        title={account.external_id}
        description={account.display_name ?? "Connected account"}
        actions={<LiveAccountStatus account={account} />}
      />
      <Card>
        <dl className="grid grid-cols-[10rem_1fr] gap-x-4 gap-y-2 text-sm">
          <dt className="text-zinc-500">Account id</dt>
          <dd>
            <CopyId id={account.id} label="Account id" />
          </dd>
          <dt className="text-zinc-500">Created</dt>
          <dd>
            <DateTime iso={account.created_at} />
          </dd>
          <dt className="text-zinc-500">Metadata</dt>
          <dd>
            {meta ? (
              <pre className="overflow-x-auto rounded bg-zinc-50 p-2 text-xs dark:bg-zinc-950">{meta}</pre>
            ) : (
              <span className="text-zinc-400">None</span>
            )}
          </dd>
        </dl>
      </Card>
      <section aria-labelledby="account-connections">
        <h2 id="account-connections" className="mb-3 font-medium">
          Connections
        </h2>
        {connections.length === 0 ? (
          <EmptyState title="No connections yet">
            Send this user a connect link (POST /api/v1/accounts/{account.id}/connect); what they connect
            shows up here.
          </EmptyState>
        ) : (
          <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
            {connections.map((c) => {
              const p = label(c.provider);
              return (
                <li
                  key={c.id}
                  className="flex items-center justify-between gap-4 px-4 py-3"
                  data-testid="account-connection"
                >
                  <span className="flex items-center gap-3">
                    <ProviderLogo src={p.logo} name={p.name} size={24} />
                    <span>
                      <Link className="font-medium hover:underline" href={`/connections/${c.id}`}>
                        {p.name}
                      </Link>
                      <span className="block text-xs text-zinc-500">
                        {c.label ?? "No label"} · {c.brand.name}
                      </span>
                    </span>
                  </span>
                  <StatusBadge status={c.status} />
                </li>
              );
            })}
          </ul>
        )}
      </section>
      {account.status === "deleting" ? null : (
        <Card>
          <h2 className="mb-1 font-medium">Connect link</h2>
          <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
            A hosted, white-label page where this account&apos;s end-user connects a provider: 30 minutes,
            single use. Send it to them however you like.
          </p>
          <div className="max-w-xl">
            <CreateConnectLink
              accountId={account.id}
              defaultRedirectUrl={profile.allowed_redirect_origins[0] ?? ""}
            />
          </div>
        </Card>
      )}
      <Card>
        <h2 className="mb-2 font-medium">Delete account</h2>
        <AccountDeletion account={account} />
      </Card>
    </div>
  );
}
