import { redirect } from "next/navigation";
import { CustomProviderForm } from "@/components/providers/custom-provider-form";
import { ProviderAppForm } from "@/components/providers/provider-app-form";
import { Card, PageHeader } from "@/components/ui/card";
import { hasRole } from "@/lib/actor";
import { env } from "@/lib/env";
import { redirectUriForTeam } from "@/lib/oauth/redirect-uri";
import { listCatalog } from "@/lib/providers/list-catalog";
import { getProvider } from "@/lib/providers/registry";
import { requireDashboardContext } from "@/lib/auth/dashboard-context";

export default async function ProvidersPage() {
  const ctx = await requireDashboardContext();
  if (!ctx.role || !hasRole(ctx.role, "admin")) redirect("/");
  // Catalog providers only: a custom provider's client is set when it is added (it is listed in the Catalog).
  const all = (await listCatalog(ctx)).filter((p) => p.auth_modes.includes("oauth2") && p.slug !== "sandbox");
  const oauth = all.filter((p) => getProvider(p.slug) !== undefined);
  const custom = all.filter((p) => getProvider(p.slug) === undefined);
  const uris = new Map(
    await Promise.all(all.map(async (p) => [p.slug, await redirectUriForTeam(ctx.teamId, p.slug)] as const)),
  );
  return (
    <>
      <PageHeader
        title="Providers"
        description="OAuth apps Patchbay uses to connect accounts. Your team's own app overrides the instance's."
      />
      <Card className="mb-4">
        <p className="text-sm">
          Register the redirect URI shown under each provider with that provider. Providers that send the RFC
          9207 <code>iss</code> share{" "}
          <code className="rounded bg-zinc-100 px-1 dark:bg-zinc-800">{env().appUrl}/oauth/callback</code>;
          every other provider has its own, so a sign-in answer can never be taken for another
          provider&apos;s.
        </p>
      </Card>
      <div className="mb-6">
        <CustomProviderForm />
      </div>
      {custom.length ? (
        <ul
          aria-label="Your custom providers"
          className="mb-6 divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900"
        >
          {custom.map((p) => (
            <ProviderAppForm
              key={p.slug}
              superuser={ctx.user.isSuperuser}
              row={{
                slug: p.slug,
                name: p.name,
                logo: p.logo,
                configuredBy: p.configured_by,
                settings: [],
                redirectUri: uris.get(p.slug) ?? null,
                custom: true,
              }}
            />
          ))}
        </ul>
      ) : null}
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
              redirectUri: uris.get(p.slug) ?? null,
            }}
          />
        ))}
      </ul>
    </>
  );
}
