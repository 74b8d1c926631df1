// Client credentials for a provider: a team's own app (admins) or the instance's (superusers). The secret is
// sealed in the vault; responses only ever say whether one is set.
import crypto from "node:crypto";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import type { TAuthContext } from "@/lib/actor";
import { AppError, notFound } from "@/lib/errors";
import { deleteOAuthApp, findOAuthApp, insertOAuthApp, updateOAuthApp } from "@/lib/providers/app-repo";
import { refuseDeletingUsedCustomProvider } from "@/lib/providers/custom-provider";
import { getProvider } from "@/lib/providers/registry";
import { matchesPattern } from "@/lib/providers/validation";
import { aadFor, seal } from "@/lib/vault/vault";

export const ZConfigureAppInput = z
  .object({
    level: z.enum(["team", "instance"]).default("team"),
    client_id: z.string().trim().min(1).max(500),
    /** Optional when updating: keeps the stored secret. */
    client_secret: z.string().min(1).max(2000).optional(),
    settings: z.record(z.string().max(40), z.string().max(500)).default({}),
  })
  .strict();
export type TConfigureAppInput = z.infer<typeof ZConfigureAppInput>;

function levelTeamId(ctx: TAuthContext, level: "team" | "instance"): string | null {
  if (level === "team") return ctx.teamId;
  if (ctx.actor.kind !== "user" || !ctx.actor.isSuperuser) {
    throw new AppError("forbidden", {
      message: "Only instance superusers can set the instance-wide OAuth app.",
    });
  }
  return null;
}

export async function configureOAuthApp(ctx: TAuthContext, providerSlug: string, input: TConfigureAppInput) {
  const provider = getProvider(providerSlug);
  if (!provider?.oauth2) throw notFound("OAuth provider");
  const teamId = levelTeamId(ctx, input.level);
  const issues = [];
  for (const [name, value] of Object.entries(input.settings)) {
    const s = provider.appSettings.find((a) => a.name === name);
    if (!s)
      issues.push({
        path: `body.settings.${name}`,
        message: `${provider.name} has no setting "${name}"`,
        code: "unrecognized_keys",
      });
    else if (s.pattern && !matchesPattern(s.pattern, value))
      issues.push({
        path: `body.settings.${name}`,
        message: `must look like ${s.example}`,
        code: "invalid_format",
      });
  }
  if (issues.length)
    throw new AppError("validation_failed", { message: "Some settings are invalid.", details: { issues } });

  const existing = await findOAuthApp(teamId, provider.slug);
  const id = existing?.id ?? `app_${crypto.randomBytes(12).toString("base64url")}`;
  const sealed = input.client_secret
    ? seal(input.client_secret, aadFor("OAuthApp", id, "clientSecret"))
    : undefined;
  // Secret settings (e.g. Google Ads' developer token) are sealed like the client secret; plain ones stay readable.
  const settings: Record<string, string | { sealed: string }> = {};
  for (const [name, value] of Object.entries(input.settings)) {
    const secret = provider.appSettings.find((a) => a.name === name)?.secret;
    settings[name] = secret ? { sealed: seal(value, aadFor("OAuthApp", id, `setting:${name}`)) } : value;
  }
  // Like the client secret, a secret setting left out of an update keeps its stored value (the form never shows
  // it, so re-saving the app must not silently delete the developer token).
  const stored = existing?.settings;
  if (stored && typeof stored === "object" && !Array.isArray(stored)) {
    for (const s of provider.appSettings) {
      const kept = (stored as Record<string, unknown>)[s.name];
      if (s.secret && !(s.name in settings) && kept && typeof kept === "object" && "sealed" in kept)
        settings[s.name] = kept as { sealed: string };
    }
  }
  if (existing) {
    await updateOAuthApp(id, teamId, {
      clientId: input.client_id,
      clientSecretSealed: sealed,
      settings,
    });
  } else {
    if (!sealed)
      throw new AppError("validation_failed", {
        message: "client_secret is required.",
        details: { issues: [{ path: "body.client_secret", message: "required", code: "invalid_type" }] },
      });
    await insertOAuthApp({
      id,
      teamId,
      providerSlug: provider.slug,
      clientId: input.client_id,
      clientSecretSealed: sealed,
      settings,
    });
  }
  await recordAudit(
    ctx,
    "provider_app.configured",
    { type: "provider", id: provider.slug },
    { level: input.level, secret_changed: Boolean(sealed) },
  );
  return {
    provider: provider.slug,
    level: input.level,
    client_id: input.client_id,
    client_secret_set: true,
    settings: Object.fromEntries(
      Object.entries(settings).filter((e): e is [string, string] => typeof e[1] === "string"),
    ),
    secret_settings_set: Object.keys(settings).filter((k) => typeof settings[k] !== "string"),
  };
}

export async function removeOAuthApp(ctx: TAuthContext, providerSlug: string, level: "team" | "instance") {
  const teamId = levelTeamId(ctx, level);
  if (teamId) await refuseDeletingUsedCustomProvider(teamId, providerSlug);
  const res = await deleteOAuthApp(teamId, providerSlug);
  if (res.count === 0) throw notFound("OAuth app");
  await recordAudit(ctx, "provider_app.removed", { type: "provider", id: providerSlug }, { level });
}
