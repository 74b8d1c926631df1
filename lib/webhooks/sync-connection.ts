// The webhooks.sync job's work for one connection (sent in the transaction that created it): put the connection
// into inbound routing under its tenant key, and — where the provider entry declares automatic registration —
// register Patchbay's endpoint at the provider. A failure is written on the route (shown on the connection page)
// and thrown, so the queue retries with backoff (WEBHOOK_SYNC_JOB's options).
import type { TAuthContext } from "@/lib/actor";
import { getConnectionOrThrow } from "@/lib/connections/get-connection";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { resolveOAuthApp } from "@/lib/providers/resolve-app";
import { getProvider } from "@/lib/providers/registry";
import type { TProvider } from "@/lib/providers/schemas";
import { providerApi, RegistrationFailed } from "./provider-api";
import { readPath } from "./read-field";
import { connectionScopeKey, teamScope } from "./receive-webhook";
import { REGISTRARS, type TRemote } from "./registrars";
import { findSourceByScope, updateRoute, upsertRoute, upsertSource } from "./repo";
import { forgetCachedSources, newSourceId, openSourceSecrets, sealSecret } from "./source-secrets";

/** Background work acts for the team with the rights of an API key (sees all of the team's connections). */
export function systemContext(teamId: string): TAuthContext {
  return { actor: { kind: "api_key", keyId: "system:webhooks", scopes: [] }, teamId, role: null };
}

export function remotesOf(value: unknown): TRemote[] {
  return Array.isArray(value)
    ? value.filter(
        (r): r is TRemote =>
          !!r && typeof (r as TRemote).key === "string" && typeof (r as TRemote).id === "string",
      )
    : [];
}

export function webhookUrl(providerSlug: string, sourceId?: string): string {
  return new URL(
    `/api/v1/webhooks/${providerSlug}${sourceId ? `/${sourceId}` : ""}`,
    env().appUrl,
  ).toString();
}

/** The team's app-level source for a provider (created on first use; it carries the team's URL). */
export async function ensureTeamSource(teamId: string, providerSlug: string) {
  const scopeKey = teamScope(teamId, providerSlug);
  return (
    (await findSourceByScope(scopeKey)) ??
    upsertSource({ id: newSourceId(), scopeKey, teamId, providerSlug, connectionId: null, secrets: [] })
  );
}

function tenantOf(provider: TProvider, view: Record<string, unknown>): string | null {
  const field = provider.webhooks?.tenant?.connectionField;
  if (!field) return null;
  const [head, ...rest] = field.split(".");
  const root = head === "accountIdentity" ? view.account : head === "params" ? view.params : view.metadata;
  return readPath(root, rest.join("."));
}

export async function syncConnectionWebhooks(teamId: string, connectionId: string): Promise<void> {
  const ctx = systemContext(teamId);
  let view;
  try {
    view = await getConnectionOrThrow(ctx, connectionId);
  } catch (err) {
    if (err instanceof AppError && err.code === "not_found") return; // disconnected meanwhile
    throw err;
  }
  const provider = getProvider(view.provider);
  const hooks = provider?.webhooks;
  if (!provider || !hooks) return;
  const kind = hooks.registration;
  const route = await upsertRoute({
    connectionId,
    teamId,
    providerSlug: provider.slug,
    tenantKey: tenantOf(provider, view),
    registrationStatus: kind ? "pending" : "not_supported",
  });
  forgetCachedSources(); // the intake's cached routes by tenant key
  if (!kind) return;
  // "registered" covers what was registered then; GitHub may have gained repositories since (a requested sync).
  if (route.registrationStatus === "registered" && kind !== "github_repo_hooks") return;

  await updateRoute(teamId, connectionId, { attempt: true });
  const done = remotesOf(route.remoteIds);
  try {
    const api = await providerApi(ctx, provider, { id: connectionId, authMode: view.auth_mode });
    const result = await REGISTRARS[kind].register({
      api,
      provider,
      connection: { id: connectionId, settings: view.settings },
      done,
      record: async (r) => {
        done.push(r);
        await updateRoute(teamId, connectionId, { remoteIds: done });
      },
      appEndpointUrl: async () => {
        const app = await resolveOAuthApp(teamId, provider.slug);
        if (app?.source === "team")
          return webhookUrl(provider.slug, (await ensureTeamSource(teamId, provider.slug)).id);
        return webhookUrl(provider.slug);
      },
      connectionEndpoint: async (secret) => {
        const scopeKey = connectionScopeKey(connectionId);
        let source = await findSourceByScope(scopeKey);
        const id = source?.id ?? newSourceId();
        if (!source || secret !== undefined) {
          source = await upsertSource({
            id,
            scopeKey,
            teamId,
            providerSlug: provider.slug,
            connectionId,
            secrets: secret !== undefined ? [sealSecret(id, secret)] : [],
          });
          forgetCachedSources();
        }
        const secrets = openSourceSecrets(source);
        return { url: webhookUrl(provider.slug, source.id), secret: secrets[0] ?? null };
      },
    });
    await updateRoute(teamId, connectionId, {
      registrationStatus: result.configured ? "registered" : "not_configured",
      registrationError: result.message ?? null,
      registeredAt: result.configured ? new Date() : null,
    });
  } catch (err) {
    const message =
      err instanceof RegistrationFailed || err instanceof AppError
        ? err.message
        : "Registration failed unexpectedly; it will be retried.";
    await updateRoute(teamId, connectionId, {
      registrationStatus: "failed",
      registrationError: message.slice(0, 500),
    });
    throw err;
  }
}
