// "Sync webhooks now": after changing what a connection registers (GitHub's webhook_repositories setting), or to
// retry a failed registration at once instead of waiting for the queue's backoff.
import type { TAuthContext } from "@/lib/actor";
import { assertCanManage } from "@/lib/connections/can-manage";
import { getConnectionOrThrow } from "@/lib/connections/get-connection";
import { WEBHOOK_SYNC_JOB } from "@/lib/connections/webhook-sync-job";
import { notFound } from "@/lib/errors";
import { getProvider } from "@/lib/providers/registry";
import { enqueue } from "@/lib/queue/queue";
import { updateRoute } from "./repo";

export async function requestWebhookSync(ctx: TAuthContext, id: string) {
  const view = await getConnectionOrThrow(ctx, id);
  assertCanManage(ctx, { ownerKind: view.owner.type });
  if (!getProvider(view.provider)?.webhooks) throw notFound("Inbound webhooks for this connection");
  // A registered route stays registered; anything else is worked again (recorded remote ids are kept, so
  // nothing is registered twice).
  await updateRoute(ctx.teamId, id, { registrationStatus: "pending" }).then(() => undefined);
  await enqueue(WEBHOOK_SYNC_JOB, { teamId: ctx.teamId, connectionId: id });
  return { id, queued: true };
}
