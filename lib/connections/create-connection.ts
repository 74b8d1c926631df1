import crypto from "node:crypto";
import { sealCredentials, type TCredentials } from "@/lib/connections/credentials";
import { insertConnection, type TNewConnection } from "@/lib/connections/repo";
import { db, type TTx } from "@/lib/db";
import { getProvider } from "@/lib/providers/registry";
import { enqueueWebhookSync, prepareWebhookSync } from "@/lib/connections/webhook-sync-job";

export const newConnectionId = () => `conn_${crypto.randomBytes(12).toString("base64url")}`;

/** A new connection as callers describe it: credentials in the clear, sealed here before anything is stored. */
export type TCreateConnection = Omit<TNewConnection, "id" | "credentialsSealed"> & {
  credentials: TCredentials;
};

/**
 * The credentials are sealed before the row exists (the id is made here so the AAD can name it): no plaintext
 * ever reaches the database, not even briefly. A provider with inbound webhooks gets its sync job (routing,
 * automatic registration) in the same transaction. Callers passing `tx` call prepareWebhookSync before opening it.
 */
export async function createConnection(input: TCreateConnection, reason: string, tx?: TTx) {
  // A custom provider's connection carries its pin (load-provider-for-connection.ts) or is not stored at all.
  if (!getProvider(input.providerSlug) && !input.providerDefinitionId)
    throw new Error(`connection for custom provider ${input.providerSlug} without its provider pin`);
  const id = newConnectionId();
  const { credentials, ...rest } = input;
  const write = async (t: TTx) => {
    const row = await insertConnection(
      { ...rest, id, credentialsSealed: sealCredentials(id, credentials) },
      reason,
      t,
    );
    await enqueueWebhookSync(t, row);
    return row;
  };
  if (tx) return write(tx);
  await prepareWebhookSync(input.providerSlug);
  return db.$transaction(write);
}
