// Disconnecting a connection that registered webhooks at its provider: remove them FIRST, while the credentials
// still exist and are not yet revoked (disconnecting deletes them and revokes the token — a GitHub hook could
// not be deleted afterwards), then disconnect as usual. A failed removal does not block the disconnect (like a
// failed revocation): it is reported in the response and the audit log, and deliveries to the deleted
// connection's endpoint are answered 404 from then on (its source goes with the connection), which providers
// surface in their own dashboards (Stripe disables an endpoint that keeps failing).
import type { TAuthContext } from "@/lib/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { assertCanManage } from "@/lib/connections/can-manage";
import { disconnectConnection } from "@/lib/connections/disconnect-connection";
import { getConnectionOrThrow } from "@/lib/connections/get-connection";
import { AppError } from "@/lib/errors";
import { getProvider } from "@/lib/providers/registry";
import { providerApi, RegistrationFailed } from "./provider-api";
import { REGISTRARS } from "./registrars";
import { findRoute } from "./repo";
import { remotesOf } from "./sync-connection";

export type TWebhookRemoval = { attempted: boolean; ok: boolean; error: string | null };

export async function removeWebhookRegistrations(ctx: TAuthContext, id: string): Promise<TWebhookRemoval> {
  const view = await getConnectionOrThrow(ctx, id);
  assertCanManage(ctx, { ownerKind: view.owner.type });
  const kind = getProvider(view.provider)?.webhooks?.registration;
  const route = await findRoute(ctx.teamId, id);
  const remotes = remotesOf(route?.remoteIds);
  if (!kind || remotes.length === 0) return { attempted: false, ok: true, error: null };
  try {
    const api = await providerApi(ctx, getProvider(view.provider)!, { id, authMode: view.auth_mode });
    await REGISTRARS[kind].remove(api, remotes);
    return { attempted: true, ok: true, error: null };
  } catch (err) {
    const error =
      err instanceof RegistrationFailed || err instanceof AppError ? err.message : "the provider call failed";
    return { attempted: true, ok: false, error };
  }
}

export async function disconnectWithWebhooks(ctx: TAuthContext, id: string) {
  const webhooks = await removeWebhookRegistrations(ctx, id);
  const result = await disconnectConnection(ctx, id);
  if (webhooks.attempted) {
    await recordAudit(
      ctx,
      "connection.webhooks_removed",
      { type: "connection", id },
      { ok: webhooks.ok, error: webhooks.error },
    );
  }
  // Only connections that registered something get a `webhooks` field (the response is otherwise unchanged).
  return webhooks.attempted ? { ...result, webhooks } : result;
}
