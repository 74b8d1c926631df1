// Custom providers live with their OAuth app (OAuthApp.custom): a team's own definition plus its client.
import crypto from "node:crypto";
import { recordAudit } from "@/lib/audit/record-audit";
import type { TAuthContext } from "@/lib/actor";
import { AppError } from "@/lib/errors";
import { findCustomApps, findOAuthApp, insertOAuthApp } from "@/lib/providers/app-repo";
import {
  buildCustomDefinition,
  toProvider,
  ZCustomDefinition,
  type TCustomProviderInput,
} from "@/lib/providers/custom-provider";
import type { TProvider } from "@/lib/providers/schemas";
import { aadFor, seal } from "@/lib/vault/vault";

export async function findCustomProviders(teamId: string): Promise<TProvider[]> {
  const rows = await findCustomApps(teamId);
  return rows.flatMap((r) => {
    const d = ZCustomDefinition.safeParse(r.custom);
    return d.success ? [toProvider(r.providerSlug, d.data)] : [];
  });
}

export async function findCustomProvider(teamId: string, slug: string): Promise<TProvider | undefined> {
  const row = await findOAuthApp(teamId, slug);
  const d = ZCustomDefinition.safeParse(row?.custom);
  return d.success ? toProvider(slug, d.data) : undefined;
}

export async function addCustomProvider(ctx: TAuthContext, input: TCustomProviderInput) {
  if (await findOAuthApp(ctx.teamId, input.slug)) {
    throw new AppError("conflict", {
      message: `Your team already has a provider "${input.slug}".`,
      details: { field: "slug" },
    });
  }
  const definition = await buildCustomDefinition(input);
  const id = `app_${crypto.randomBytes(12).toString("base64url")}`;
  await insertOAuthApp({
    id,
    teamId: ctx.teamId,
    providerSlug: input.slug,
    clientId: input.client_id,
    clientSecretSealed: seal(input.client_secret, aadFor("OAuthApp", id, "clientSecret")),
    settings: {},
    custom: definition,
  });
  await recordAudit(
    ctx,
    "provider.custom_added",
    { type: "provider", id: input.slug },
    { discovered: Boolean(input.issuer) },
  );
  return toProvider(input.slug, definition);
}
