import { redirect } from "next/navigation";
import { CustomProviderForm } from "@/components/providers/custom-provider-form";
import { ProviderAppForm } from "@/components/providers/provider-app-form";
import { Card, PageHeader } from "@/components/ui/card";
import { hasRole } from "@/lib/auth/actor";
import { env } from "@/lib/env";
import { listCatalog } from "@/lib/providers/list-catalog";
import { getProvider } from "@/lib/providers/registry";
import { requireDashboardContext } from "@/lib/tenancy/dashboard-context";

export default async function ProvidersPage() {
  const ctx = await requireDashboardContext();
  if (!ctx.role || !hasRole(ctx.role, "admin")) redirect("/");
  // Catalog providers only: a custom provider's client is set when it is added (it is listed in the Catalog).
  const oauth = (await listCatalog(ctx)).filter(
    (p) => p.auth_modes.includes("oauth2") && p.slug !== "sandbox" && getProvider(p.slug) !== undefined,
  );
  return (
    <>
      <PageHeader
        title="Providers"
        description="OAuth apps Patchbay uses to connect accounts. Your team's own app overrides the instance's."
      />
      <Card className="mb-4">
        <p className="text-sm">
          Register this redirect URI with each provider:{" "}
          <code className="rounded bg-zinc-100 px-1 dark:bg-zinc-800">{env().appUrl}/oauth/callback</code>
        </p>
      </Card>
      <div className="mb-6">
        <CustomProviderForm />
      </div>
      <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
        {oauth.map((p) => (
          <ProviderAppForm
            key={p.slug}
            superuser={ctx.user.isSuperuser}
            row={{
              slug: p.slug,
              name: p.name,
              logo: p.logo,
              configuredBy: p.configured_by,
              settings: (getProvider(p.slug)?.appSettings ?? []).map((s) => ({
                name: s.name,
                label: s.label,
                example: s.example,
                secret: s.secret,
              })),
            }}
          />
        ))}
      </ul>
    </>
  );
}
