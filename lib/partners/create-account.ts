// Creating a connected account. ONE function does the write, inside the caller's transaction, so checks that must
// hold at the moment of creation (the tier's cap on connected accounts) run in the same transaction as the insert.
import crypto from "node:crypto";
import type { TAuthContext } from "@/lib/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { db, type TTx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { assertAccountCapacity } from "@/lib/tiers/account-cap";
import { findAccountByExternalIdTx, insertAccount, type TTeamScope } from "./repo";
import { requirePartnerMode } from "./require-partner-mode";
import { toAccountView, type TCreateAccountInput } from "./schemas";

export const newAccountId = () => `acc_${crypto.randomBytes(12).toString("base64url")}`;

function duplicate(externalId: string, accountId?: string): AppError {
  return new AppError("conflict", {
    message: "An account with this external_id already exists in your team.",
    details: {
      field: "external_id",
      external_id: externalId,
      ...(accountId ? { account_id: accountId } : {}),
    },
  });
}

export async function createAccount(tx: TTx, scope: TTeamScope, input: TCreateAccountInput) {
  // the tier's cap, under a lock on the team row: concurrent creations cannot both pass it
  await assertAccountCapacity(tx, scope.teamId);
  const existing = await findAccountByExternalIdTx(tx, scope, input.external_id);
  if (existing) throw duplicate(input.external_id, existing.id);
  return insertAccount(tx, scope, {
    id: newAccountId(),
    externalId: input.external_id,
    displayName: input.display_name ?? null,
    metadata: input.metadata ?? {},
  });
}

/** POST /api/v1/accounts. */
export async function createAccountForCaller(ctx: TAuthContext, input: TCreateAccountInput) {
  const scope = { teamId: ctx.teamId };
  await requirePartnerMode(scope);
  let row;
  try {
    row = await db.$transaction((tx) => createAccount(tx, scope, input));
  } catch (err) {
    // two creations of one external_id at once: the unique index decides, the loser gets the same 409
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002")
      throw duplicate(input.external_id);
    throw err;
  }
  await recordAudit(ctx, "account.created", { type: "account", id: row.id }, { external_id: row.externalId });
  return toAccountView(row);
}
