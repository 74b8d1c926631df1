// The job that keeps a connection's inbound webhooks in step with it (route by tenant key, automatic
// registration at the provider). Declared here so that creating a connection can send it in the same
// transaction (the outbox: a committed connection always has its job); its handler lives in lib/webhooks/jobs.ts,
// which may use higher layers. Removal on disconnect is not a job: it needs the connection's credentials, which
// disconnecting deletes (and revokes at the provider), so lib/webhooks removes registrations first, inline.
import { z } from "zod";
import type { TTx } from "@/lib/db";
import { getProvider } from "@/lib/providers/registry";
import { defineJobType } from "@/lib/queue/define-job";
import { enqueue, prepareQueue } from "@/lib/queue/queue";

export const WEBHOOK_SYNC_JOB = defineJobType({
  name: "webhooks.sync",
  schema: z.object({ teamId: z.string().min(1), connectionId: z.string().min(1) }),
  // A provider that is down for a while: retried with backoff for about a day, failures visible on the connection.
  // Several at once: each waits on a provider API, and every new Shopify/Stripe/GitHub/Slack connection sends one.
  options: {
    retryLimit: 10,
    retryDelaySeconds: 30,
    retryBackoff: true,
    expireInSeconds: 300,
    concurrency: 4,
    pollingIntervalSeconds: 1,
  },
});

const hasWebhooks = (providerSlug: string) => getProvider(providerSlug)?.webhooks !== undefined;

/** Outside any transaction, before creating a connection of `providerSlug` (see prepareQueue). */
export async function prepareWebhookSync(providerSlug: string): Promise<void> {
  if (hasWebhooks(providerSlug)) await prepareQueue(WEBHOOK_SYNC_JOB);
}

/** Inside the transaction that creates the connection. */
export async function enqueueWebhookSync(
  tx: TTx,
  c: { teamId: string; id: string; providerSlug: string },
): Promise<void> {
  if (!hasWebhooks(c.providerSlug)) return;
  await enqueue(WEBHOOK_SYNC_JOB, { teamId: c.teamId, connectionId: c.id }, { tx });
}
