import type { TAuthContext } from "@/lib/actor";
import { getConnectionOrThrow } from "@/lib/connections/get-connection";
import { getProvider } from "@/lib/providers/registry";
import { findConnectionEvents, findRoute, findSourceByScope } from "./repo";
import { connectionScopeKey } from "./receive-webhook";
import { webhookUrl } from "./sync-connection";

/** What the connection page shows: registration state and the latest deliveries (no payloads: personal data). */
export async function getConnectionInboundWebhooks(ctx: TAuthContext, id: string) {
  const view = await getConnectionOrThrow(ctx, id); // visibility: another team's id is 404
  const hooks = getProvider(view.provider)?.webhooks;
  const [route, events, source] = await Promise.all([
    findRoute(ctx.teamId, id),
    findConnectionEvents(ctx.teamId, id, 50),
    findSourceByScope(connectionScopeKey(id)),
  ]);
  return {
    supported: hooks !== undefined,
    registration: hooks?.registration
      ? {
          status: route?.registrationStatus ?? "pending",
          error: route?.registrationError ?? null,
          attempts: route?.registrationAttempts ?? 0,
          registered_at: route?.registeredAt?.toISOString() ?? null,
          endpoint_url: source && source.teamId === ctx.teamId ? webhookUrl(view.provider, source.id) : null,
        }
      : null,
    tenant_key: route?.tenantKey ?? null,
    events: events.map((e) => ({
      id: e.id,
      delivery_id: e.deliveryId,
      event_type: e.eventType,
      status: e.status,
      received_at: e.receivedAt.toISOString(),
      processed_at: e.processedAt?.toISOString() ?? null,
      error: e.lastError,
    })),
  };
}

export type TConnectionInboundWebhooks = Awaited<ReturnType<typeof getConnectionInboundWebhooks>>;
