import { redirect } from "next/navigation";
import { CustomProviderForm } from "@/components/providers/custom-provider-form";
import { CustomProviderRow } from "@/components/providers/custom-provider-row";
import { ProviderAppForm, type TProviderAppRow } from "@/components/providers/provider-app-form";
import { Card, PageHeader } from "@/components/ui/card";
import { InboundWebhookSettings } from "@/components/webhooks/inbound-webhook-settings";
import { listInboundConfigs } from "@/lib/webhooks/inbound-config";
import { hasRole } from "@/lib/actor";
import { env } from "@/lib/env";
import { redirectUriForTeam } from "@/lib/oauth/redirect-uri";
import { listCatalog } from "@/lib/providers/list-catalog";
import { getProvider } from "@/lib/providers/registry";
import { listCustomProviderDetails } from "@/lib/providers/update-custom-provider";
import { requireDashboardContext } from "@/lib/auth/dashboard-context";
import { dashboardTitle } from "@/lib/auth/dashboard-title";

export const generateMetadata = dashboardTitle("Providers");

type TCatalogEntry = Awaited<ReturnType<typeof listCatalog>>[number];

function ProviderList(props: {
  rows: TProviderAppRow[];
  superuser: boolean;
  label?: string;
  className?: string;
}) {
  return (
    <ul
      aria-label={props.label}
      className={`${props.className ?? ""} divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900`}
    >
      {props.rows.map((row) => (
        <ProviderAppForm key={row.slug} superuser={props.superuser} row={row} />
      ))}
    </ul>
  );
}

export default async function ProvidersPage() {
  const ctx = await requireDashboardContext();
  if (!ctx.role || !hasRole(ctx.role, "admin")) redirect("/");
  // Catalog providers only: a custom provider's client is set when it is added (it is listed in the Catalog).
  const all = (await listCatalog(ctx)).filter((p) => p.auth_modes.includes("oauth2") && p.slug !== "sandbox");
  const oauth = all.filter((p) => getProvider(p.slug) !== undefined);
  const custom = await listCustomProviderDetails(ctx.teamId);
  const uris = new Map(
    await Promise.all(
      [...oauth, ...custom].map(async (p) => [p.slug, await redirectUriForTeam(ctx.teamId, p.slug)] as const),
    ),
  );
  const rowOf = (p: TCatalogEntry, custom: boolean): TProviderAppRow => ({
    slug: p.slug,
    name: p.name,
    logo: p.logo,
    configuredBy: p.configured_by,
    // a custom provider's client is its own definition: no catalog app settings
    settings: custom
      ? []
      : (getProvider(p.slug)?.appSettings ?? []).map((s) => ({
          name: s.name,
          label: s.label,
          example: s.example,
          secret: s.secret,
        })),
    redirectUri: uris.get(p.slug) ?? null,
    ...(custom ? { custom: true } : {}),
  });
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
        <section aria-labelledby="custom-providers-heading" className="mb-6">
          <h2 id="custom-providers-heading" className="mb-2 text-sm font-medium">
            Your custom providers
          </h2>
          <ul
            aria-label="Your custom providers"
            className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900"
          >
            {custom.map((p) => (
              <CustomProviderRow key={p.slug} provider={p} redirectUri={uris.get(p.slug) ?? null} />
            ))}
          </ul>
        </section>
      ) : null}
      <ProviderList superuser={ctx.user.isSuperuser} rows={oauth.map((p) => rowOf(p, false))} />
      <InboundWebhookSettings
        rows={(await listInboundConfigs(ctx)).map((c) => ({
          ...c,
          name: getProvider(c.provider)?.name ?? c.provider,
          logo: getProvider(c.provider)?.logo ?? "/logos/sandbox.svg",
        }))}
      />
    </>
  );
}
