import type { TAuthContext } from "@/lib/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError, notFound } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { findAccount, updateAccountRow } from "./repo";
import { requirePartnerMode } from "./require-partner-mode";
import { toAccountView, type TUpdateAccountInput } from "./schemas";

/** PATCH /api/v1/accounts/{id}: external_id, display_name, metadata (replaced whole). */
export async function updateAccount(ctx: TAuthContext, id: string, input: TUpdateAccountInput) {
  const scope = { teamId: ctx.teamId };
  await requirePartnerMode(scope);
  const before = await findAccount(scope, id);
  if (!before) throw notFound("Account");
  if (before.deletingAt)
    throw new AppError("conflict", { message: "This account is being deleted; it can no longer change." });
  try {
    const n = await updateAccountRow(scope, id, {
      ...(input.external_id !== undefined ? { externalId: input.external_id } : {}),
      ...(input.display_name !== undefined ? { displayName: input.display_name } : {}),
      ...(input.metadata !== undefined ? { metadata: input.metadata } : {}),
    });
    if (n === 0) throw notFound("Account");
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      throw new AppError("conflict", {
        message: "An account with this external_id already exists in your team.",
        details: { field: "external_id", external_id: input.external_id },
      });
    }
    throw err;
  }
  await recordAudit(
    ctx,
    "account.updated",
    { type: "account", id },
    {
      fields: Object.keys(input),
      ...(input.external_id !== undefined && input.external_id !== before.externalId
        ? { external_id: input.external_id, previous_external_id: before.externalId }
        : {}),
    },
  );
  const after = await findAccount(scope, id);
  if (!after) throw notFound("Account");
  return toAccountView(after);
}
