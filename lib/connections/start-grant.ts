// Starting a connect flow: validate what the caller asked for, then store a pending grant. The returned
// authorization_url points at Patchbay (/oauth/authorize/<grant>?t=…), not the provider: the first browser to
// open it is bound to the grant, and only then is the state made and the browser sent on to the provider.
import { loadOAuthProviderOrThrow } from "@/lib/providers/load-oauth-provider";
import crypto from "node:crypto";
import type { TAuthContext } from "@/lib/actor";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { redirectUriFor } from "@/lib/oauth/redirect-uri";
import { insertGrant } from "@/lib/connections/grant-repo";
import type { TStartGrantInput } from "@/lib/connections/grant-schemas";
import { GRANT_TTL_MS, hashToken, randomToken } from "@/lib/oauth/secrets";
import { type TProvider } from "@/lib/providers/schemas";
import { resolvePlacement, type TPlacement } from "@/lib/connections/resolve-placement";
import { validateConnectionParams } from "@/lib/providers/validate-params";
import { findTeam } from "@/lib/tenancy/teams";
import { seal, aadFor } from "@/lib/vault/vault";
import { generateRandomCodeVerifier } from "oauth4webapi";

function checkScopes(provider: TProvider, scopes: string[] | undefined): string[] {
  const oauth = provider.oauth2!;
  if (!scopes) return oauth.scopes.default;
  const available = oauth.scopes.available;
  const unknown = available ? scopes.filter((s) => !available.includes(s)) : [];
  if (unknown.length) {
    throw new AppError("validation_failed", {
      message: `${provider.name} does not offer these scopes.`,
      details: {
        issues: unknown.map((s) => ({
          path: "body.scopes",
          message: `unknown scope "${s}"`,
          code: "invalid_value",
        })),
      },
    });
  }
  return [...new Set(scopes)];
}

/** return_to must be on Patchbay's own origin or one the team allow-listed: no open redirects. */
async function checkReturnTo(teamId: string, returnTo: string | undefined): Promise<string | null> {
  if (!returnTo) return null;
  const origin = new URL(returnTo).origin;
  const team = await findTeam({ teamId });
  if (origin === env().appOrigin || team?.allowedOrigins.includes(origin)) return returnTo;
  throw new AppError("validation_failed", {
    message: "return_to is not on an allowed origin. Add the origin under Team → Allowed return origins.",
    details: {
      issues: [{ path: "body.return_to", message: `origin ${origin} is not allowed`, code: "invalid_value" }],
    },
  });
}

/** Reconnect (start-reconnect.ts): the grant goes into this existing connection, placed where it already is. */
export type TReconnectTarget = { connectionId: string; placement: TPlacement };

export async function startGrant(
  ctx: TAuthContext,
  providerSlug: string,
  input: TStartGrantInput,
  target?: TReconnectTarget,
) {
  // Checked in the order callers have always seen (provider, params, scopes, return_to, then placement);
  // insertStartedGrant repeats the first three for its other callers.
  const { provider } = await loadOAuthProviderOrThrow(ctx.teamId, providerSlug);
  validateConnectionParams(provider, input.params);
  checkScopes(provider, input.scopes);
  const returnTo = await checkReturnTo(ctx.teamId, input.return_to);
  if (input.mode === "redirect" && !returnTo) {
    throw new AppError("validation_failed", {
      message: "Redirect mode needs return_to.",
      details: {
        issues: [{ path: "body.return_to", message: "required in redirect mode", code: "invalid_type" }],
      },
    });
  }
  const placement = target?.placement ?? (await resolvePlacement(ctx, input));
  return insertStartedGrant({
    teamId: ctx.teamId,
    providerSlug,
    input,
    placement,
    returnTo,
    sessionId: ctx.actor.kind === "user" ? ctx.actor.sessionId : null,
    targetConnectionId: target?.connectionId ?? null,
  });
}

/**
 * The grant itself, for callers that did their own checks of who asks and where the browser returns: startGrant
 * above (a team member or API key) and hosted connect sessions (lib/connect-sessions, the session token decides,
 * and the grant is bound to the browser showing that page: connectBrowserHash).
 */
export async function insertStartedGrant(args: {
  teamId: string;
  providerSlug: string;
  input: Pick<TStartGrantInput, "params" | "scopes" | "context" | "label" | "mode">;
  placement: TPlacement;
  /** already checked against the caller's allow-list */
  returnTo: string | null;
  sessionId: string | null;
  targetConnectionId?: string | null;
  connectSession?: { id: string; browserHash: string };
}) {
  const { teamId, input, placement } = args;
  const { provider, app } = await loadOAuthProviderOrThrow(teamId, args.providerSlug);
  const { params } = validateConnectionParams(provider, input.params);
  const scopes = checkScopes(provider, input.scopes);

  const id = `grant_${crypto.randomBytes(12).toString("base64url")}`;
  const bindToken = randomToken();
  const grant = await insertGrant({
    id,
    teamId,
    brandId: placement.brandId,
    ownerKind: placement.ownerKind,
    ownerUserId: placement.ownerUserId,
    accountId: placement.accountId ?? null,
    providerSlug: provider.slug,
    mode: input.mode,
    bindTokenHash: hashToken("bind", bindToken),
    sessionId: args.sessionId,
    codeVerifierSealed: seal(generateRandomCodeVerifier(), aadFor("OAuthGrant", id, "codeVerifier")),
    redirectUri: redirectUriFor(provider, app),
    scopes,
    params,
    context: input.context,
    label: input.label ?? null,
    returnTo: args.returnTo,
    targetConnectionId: args.targetConnectionId ?? null,
    connectSessionId: args.connectSession?.id ?? null,
    connectBrowserHash: args.connectSession?.browserHash ?? null,
    expiresAt: new Date(Date.now() + GRANT_TTL_MS),
  });
  return {
    grant_id: grant.id,
    authorization_url: `${env().appUrl}/oauth/authorize/${grant.id}?t=${bindToken}`,
    expires_at: grant.expiresAt.toISOString(),
  };
}
