import { redirect } from "next/navigation";
import { CreateConnectLink } from "@/components/connect-sessions/create-connect-link";
import { PageHeader } from "@/components/ui/card";
import { hasRole } from "@/lib/actor";
import { requireDashboardContext } from "@/lib/auth/dashboard-context";
import { dashboardTitle } from "@/lib/auth/dashboard-title";

export const generateMetadata = dashboardTitle("Connect link");

/**
 * A hosted connect link for one connected account (/connect-links?account=<id>). The Accounts page mounts the
 * same component per account; this page is the direct way to it.
 */
export default async function ConnectLinkPage({ searchParams }: { searchParams: Promise<{ account?: string }> }) {
  const ctx = await requireDashboardContext();
  if (!ctx.role || !hasRole(ctx.role, "admin")) redirect("/");
  const account = (await searchParams).account;
  return (
    <>
      <PageHeader
        title="Connect link"
        description="A hosted, white-label page where one of your accounts' end-users connects a provider. 30 minutes, single use."
      />
      {account && /^[A-Za-z0-9_-]{1,64}$/.test(account) ? (
        <div className="max-w-xl">
          <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">
            Account <code className="font-mono">{account}</code>
          </p>
          <CreateConnectLink accountId={account} />
        </div>
      ) : (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Open this page from an account on the Accounts page (it needs <code>?account=&lt;id&gt;</code>).
        </p>
      )}
    </>
  );
}
