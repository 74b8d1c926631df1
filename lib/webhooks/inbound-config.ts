// The inbound side of a provider app, as the settings page and API show it: the webhook URL to paste at the
// provider, which kind of secret signs (the app's client secret, or a separate signing secret) and the stored
// signing secrets — their ids and dates only, never a value. Several secrets may be stored while one rolls:
// add the new one, switch it at the provider, then remove the old one.
import { z } from "zod";
import type { TAuthContext } from "@/lib/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError, notFound } from "@/lib/errors";
import { getProvider, listProviders } from "@/lib/providers/registry";
import type { TProvider } from "@/lib/providers/schemas";
import { instanceScope, teamScope } from "./receive-webhook";
import { open } from "@/lib/vault/vault";
import {
  findPendingToken,
  findPendingTokenAt,
  findSourceByScope,
  swapSourceSecrets,
  trustPendingToken,
  upsertSource,
} from "./repo";
import {
  forgetCachedSources,
  newSourceId,
  pendingTokenAad,
  sealSecret,
  storedSecrets,
} from "./source-secrets";
import { webhookUrl } from "./sync-connection";

export const ZInboundLevel = z.enum(["team", "instance"]).default("team");
export const ZAddInboundSecretInput = z
  .object({ level: ZInboundLevel, secret: z.string().min(8).max(500) })
  .strict();
export const MAX_SECRETS = 5;

function levelTeamId(ctx: TAuthContext, level: "team" | "instance"): string | null {
  if (level === "team") return ctx.teamId;
  if (ctx.actor.kind !== "user" || !ctx.actor.isSuperuser)
    throw new AppError("forbidden", {
      message: "Only instance superusers can change the instance's webhook secrets.",
    });
  return null;
}

function webhookProvider(slug: string): TProvider & { webhooks: NonNullable<TProvider["webhooks"]> } {
  const p = getProvider(slug);
  if (!p?.webhooks) throw notFound("Provider with inbound webhooks");
  return p as TProvider & { webhooks: NonNullable<TProvider["webhooks"]> };
}

async function ensureSource(teamId: string | null, slug: string) {
  const scopeKey = teamId ? teamScope(teamId, slug) : instanceScope(slug);
  return (
    (await findSourceByScope(scopeKey)) ??
    upsertSource({ id: newSourceId(), scopeKey, teamId, providerSlug: slug, connectionId: null, secrets: [] })
  );
}

function view(
  p: TProvider & { webhooks: NonNullable<TProvider["webhooks"]> },
  level: string,
  source: { id: string; secrets: unknown } | null,
  pendingTokenAt: Date | null = null,
) {
  const hooks = p.webhooks;
  return {
    provider: p.slug,
    level,
    url: level === "instance" ? webhookUrl(p.slug) : source ? webhookUrl(p.slug, source.id) : null,
    events: hooks.events,
    signature_header: hooks.signature.header,
    signed_with: hooks.signature.secret,
    automatic_registration: hooks.registration ?? null,
    handshakes: hooks.handshakes.map((h) => h.kind),
    setup_note: hooks.setupNote ?? null,
    /** When the provider sent an unsigned verification token (Notion) that awaits an admin; never its value. */
    pending_token_at: pendingTokenAt?.toISOString() ?? null,
    secrets: storedSecrets(source?.secrets).map((s) => ({ id: s.id, created_at: s.createdAt })),
  };
}

const pendingAt = async (sourceId: string | undefined) =>
  sourceId ? ((await findPendingTokenAt(sourceId))?.pendingTokenAt ?? null) : null;

export type TInboundConfig = ReturnType<typeof view>;

/** The team's endpoint is created on first look (an id in its URL, no secret yet: deliveries fail closed). */
export async function getInboundConfig(ctx: TAuthContext, slug: string, level: "team" | "instance" = "team") {
  const p = webhookProvider(slug);
  const teamId = levelTeamId(ctx, level);
  const source = teamId ? await ensureSource(teamId, p.slug) : await findSourceByScope(instanceScope(p.slug));
  return view(p, level, source, await pendingAt(source?.id));
}

export async function addInboundSecret(
  ctx: TAuthContext,
  slug: string,
  input: z.infer<typeof ZAddInboundSecretInput>,
) {
  const p = webhookProvider(slug);
  const teamId = levelTeamId(ctx, input.level);
  const source = await ensureSource(teamId, p.slug);
  const before = storedSecrets(source.secrets);
  if (before.length >= MAX_SECRETS)
    throw new AppError("conflict", { message: `At most ${MAX_SECRETS} secrets: remove an old one first.` });
  const after = [sealSecret(source.id, input.secret), ...before];
  if (!(await swapSourceSecrets(source.id, before, after)))
    throw new AppError("conflict", { message: "The secrets changed meanwhile; try again." });
  forgetCachedSources();
  await recordAudit(
    ctx,
    "provider_webhook_secret.added",
    { type: "provider", id: p.slug },
    { level: input.level },
  );
  return view(p, input.level, { id: source.id, secrets: after }, await pendingAt(source.id));
}

export async function removeInboundSecret(
  ctx: TAuthContext,
  slug: string,
  secretId: string,
  level: "team" | "instance",
) {
  const p = webhookProvider(slug);
  const teamId = levelTeamId(ctx, level);
  const source = await findSourceByScope(teamId ? teamScope(teamId, p.slug) : instanceScope(p.slug));
  const before = storedSecrets(source?.secrets);
  if (!source || !before.some((s) => s.id === secretId)) throw notFound("Webhook secret");
  const after = before.filter((s) => s.id !== secretId);
  if (!(await swapSourceSecrets(source.id, before, after)))
    throw new AppError("conflict", { message: "The secrets changed meanwhile; try again." });
  forgetCachedSources();
  await recordAudit(ctx, "provider_webhook_secret.removed", { type: "provider", id: p.slug }, { level });
  return view(p, level, { id: source.id, secrets: after }, await pendingAt(source.id));
}

/**
 * The verification token a provider sent unsigned (Notion), shown ONCE so the admin can paste it back at the
 * provider, and trusted from now on as a signing secret. Anyone could have sent a token: the admin's paste is
 * the check — the provider accepts only the token it sent, and a wrong one should be removed again here.
 */
export async function revealPendingToken(ctx: TAuthContext, slug: string, level: "team" | "instance") {
  const p = webhookProvider(slug);
  const teamId = levelTeamId(ctx, level);
  const source = await findSourceByScope(teamId ? teamScope(teamId, p.slug) : instanceScope(p.slug));
  const pending = source ? await findPendingToken(source.id) : null;
  if (!source || !pending?.pendingTokenSealed) throw notFound("Verification token");
  const token = open(pending.pendingTokenSealed, pendingTokenAad(source.id));
  const before = storedSecrets(source.secrets);
  if (before.length >= MAX_SECRETS)
    throw new AppError("conflict", { message: `At most ${MAX_SECRETS} secrets: remove an old one first.` });
  const after = [sealSecret(source.id, token), ...before];
  if (!(await trustPendingToken(source.id, before, after, pending.pendingTokenSealed)))
    throw new AppError("conflict", { message: "The token or the secrets changed meanwhile; try again." });
  forgetCachedSources();
  await recordAudit(
    ctx,
    "provider_webhook_secret.token_trusted",
    { type: "provider", id: p.slug },
    { level, receivedAt: pending.pendingTokenAt?.toISOString() ?? null },
  );
  return { token, config: view(p, level, { id: source.id, secrets: after }) };
}

/** Every provider with inbound webhooks, as the team sees its own endpoints (the settings page). */
export async function listInboundConfigs(ctx: TAuthContext) {
  const slugs = listProviders()
    .filter((p) => p.webhooks)
    .map((p) => p.slug);
  return Promise.all(slugs.map((slug) => getInboundConfig(ctx, slug, "team")));
}
