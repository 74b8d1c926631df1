import crypto from "node:crypto";
import { sealCredentials, type TCredentials } from "@/lib/connections/credentials";
import { insertConnection } from "@/lib/connections/repo";
import type { TTx } from "@/lib/db";
import type { OwnerKind, Prisma } from "@/lib/generated/prisma/client";

export const newConnectionId = () => `conn_${crypto.randomBytes(12).toString("base64url")}`;

export type TCreateConnection = {
  teamId: string;
  brandId: string;
  ownerKind: OwnerKind;
  ownerUserId: string | null;
  providerSlug: string;
  authMode: string;
  label: string | null;
  credentials: TCredentials;
  accountIdentity: Prisma.InputJsonValue;
  params: Prisma.InputJsonValue;
  metadata: Prisma.InputJsonValue;
  context: Prisma.InputJsonValue;
  scopes: string[];
  tokenExpiresAt: Date | null;
  refreshTokenExpiresAt: Date | null;
};

/**
 * The credentials are sealed before the row exists (the id is made here so the AAD can name it): no plaintext
 * ever reaches the database, not even briefly.
 */
export async function createConnection(input: TCreateConnection, reason: string, tx?: TTx) {
  const id = newConnectionId();
  const { credentials, ...rest } = input;
  return insertConnection({ ...rest, id, credentialsSealed: sealCredentials(id, credentials) }, reason, tx);
}
