import type { TAuthContext } from "@/lib/actor";
import { notFound } from "@/lib/errors";
import { findAccount, findAccountConnections } from "./repo";
import { requirePartnerMode } from "./require-partner-mode";
import { toAccountView } from "./schemas";

/** One account of the caller's team (another team's id is not found, with the same body as an unknown one). */
export async function getAccountOrThrow(ctx: Pick<TAuthContext, "teamId">, id: string) {
  const scope = { teamId: ctx.teamId };
  await requirePartnerMode(scope);
  const row = await findAccount(scope, id);
  if (!row) throw notFound("Account");
  return toAccountView(row);
}

/** The dashboard's detail view: the account and its connections (status, provider, brand; never a secret). */
export async function getAccountDetail(ctx: Pick<TAuthContext, "teamId">, id: string) {
  const account = await getAccountOrThrow(ctx, id);
  const connections = await findAccountConnections({ teamId: ctx.teamId }, id);
  return {
    account,
    connections: connections.map((c) => ({
      id: c.id,
      provider: c.providerSlug,
      label: c.label,
      status: c.status,
      brand: { id: c.brandId, name: c.brand.name },
      created_at: c.createdAt.toISOString(),
    })),
  };
}
