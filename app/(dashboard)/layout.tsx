import type { ReactNode } from "react";
import { EmailVerificationBanner } from "@/components/layout/email-verification-banner";
import { ContextSwitcher } from "@/components/layout/context-switcher";
import { NavLink } from "@/components/layout/nav-link";
import { SignOutButton } from "@/components/layout/sign-out-button";
import { hasRole } from "@/lib/actor";
import { requireDashboardContext } from "@/lib/auth/dashboard-context";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const ctx = await requireDashboardContext();
  const admin = ctx.role !== null && hasRole(ctx.role, "admin");
  return (
    <div className="flex min-h-screen">
      <aside className="w-56 shrink-0 border-r border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-950">
        <div className="mb-6 flex items-center gap-2 px-1">
          <span
            aria-hidden
            className="grid h-7 w-7 place-items-center rounded-md bg-indigo-600 text-sm font-bold text-white"
          >
            P
          </span>
          <span className="font-semibold">Patchbay</span>
        </div>
        <nav aria-label="Main" className="space-y-1">
          <NavLink href="/">Overview</NavLink>
          <NavLink href="/connections">Connections</NavLink>
          <NavLink href="/catalog">Catalog</NavLink>
          <NavLink href="/brands">Brands</NavLink>
          <NavLink href="/team">Team</NavLink>
          <NavLink href="/usage">Usage</NavLink>
          {admin ? <NavLink href="/api-keys">API keys</NavLink> : null}
          {admin ? <NavLink href="/webhooks">Webhooks</NavLink> : null}
          {admin ? <NavLink href="/events">Events</NavLink> : null}
          {admin ? <NavLink href="/providers">Providers</NavLink> : null}
          {admin ? <NavLink href="/partner">Partner</NavLink> : null}
          {admin ? <NavLink href="/accounts">Accounts</NavLink> : null}
          {admin ? <NavLink href="/audit-log">Audit log</NavLink> : null}
        </nav>
        <nav
          aria-label="Developers"
          className="mt-6 space-y-1 border-t border-zinc-200 pt-4 dark:border-zinc-800"
        >
          {/* A standalone page (not part of this app's router), so a plain link. */}
          <a
            href="/docs/api"
            className="block rounded-md px-3 py-1.5 text-sm text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-900"
          >
            API reference
          </a>
        </nav>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex items-center justify-between gap-4 border-b border-zinc-200 bg-white px-6 py-3 dark:border-zinc-800 dark:bg-zinc-950">
          <div className="flex items-center gap-2 text-sm">
            <span className="font-medium" data-testid="team-name">
              {ctx.team.name}
            </span>
            <ContextSwitcher
              teams={ctx.teams}
              teamId={ctx.teamId}
              brands={ctx.brands}
              brandId={ctx.brand.id}
            />
          </div>
          <div className="flex items-center gap-3 text-sm text-zinc-500">
            <span>{ctx.user.email}</span>
            <SignOutButton />
          </div>
        </header>
        <EmailVerificationBanner userId={ctx.user.id} />
        <main className="mx-auto w-full max-w-5xl flex-1 p-6">{children}</main>
      </div>
    </div>
  );
}
