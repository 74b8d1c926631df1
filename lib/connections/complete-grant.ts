// GET /oauth/callback[/<key>] (lib/oauth/redirect-uri.ts says which provider uses which). Order matters:
//  1. find the grant by the state's hash; 2. require the cookie of the browser that was bound to it;
//  3. claim it (single use, unexpired) with one conditional update; 4. the path it arrived on must be the
//  grant's redirect URI, and still the provider's (mix-up: a code for another provider's URI is never used);
//  provider error? fail it;
//  5. provider-specific callback checks (Shopify HMAC) and RFC 9207 `iss` (an iss where none is expected is a
//  mix-up too); 6. exchange the code — outside any
//  transaction, since a held transaction would freeze the embedded database for the whole provider call;
//  7. seal the tokens and, in one short transaction, create the connection and mark the grant connected — or,
//  for a reconnect grant, swap them into the target connection (reconnect-connection.ts).
// A failure at any step leaves a failed grant and no connection. A grant started on a hosted connect page
// (connectSessionId) claims its session in the storing transaction and fails it on failure (connect-session-hooks.ts).
import { loadOAuthProvider } from "@/lib/providers/load-oauth-provider";
import { stringRecord } from "@/lib/json-record";
import type { TAuthContext } from "@/lib/actor";
import { createConnection } from "@/lib/connections/create-connection";
import { prepareWebhookSync } from "@/lib/connections/webhook-sync-job";
import { recordConnectWarning } from "@/lib/connections/record-connect-warning";
import { storeReconnect } from "@/lib/connections/reconnect-connection";
import { pinOf } from "@/lib/connections/load-provider-for-connection";
import { log } from "@/lib/log";
import { CallbackVerificationError, VERIFY_CALLBACK } from "@/lib/oauth/hooks/verify-callback";
import { tidy } from "@/lib/oauth/parse-standard-token-response";
import {
  claimGrant,
  expireGrant,
  findGrantByStateHash,
  finishGrant,
  transaction,
} from "@/lib/connections/grant-repo";
import { callbackUri, redirectUriFor } from "@/lib/oauth/redirect-uri";
import { hashToken } from "@/lib/oauth/secrets";
import { safeEqual } from "@/lib/vault/safe-equal";
import { templateValues } from "@/lib/oauth/template-values";
import { hookContext, requestTokens } from "@/lib/oauth/token-request";
import { TokenEndpointError } from "@/lib/oauth/types";
import { tokenSetToConnection } from "@/lib/connections/token-set-to-connection";
import { fillTemplate } from "@/lib/providers/templates";
import { recordAudit } from "@/lib/audit/record-audit";
import { aadFor, open } from "@/lib/vault/vault";
import { ClaimRefused, type TConnectSessionHooks } from "@/lib/connections/connect-session-hooks";

const SESSION_USED = {
  code: "session_used",
  description: "This connect link was already used or has expired, so nothing was connected.",
};

export type TCallbackOutcome = {
  grant: { id: string; mode: string; returnTo: string | null; providerSlug: string } | null;
  status: "connected" | "failed";
  connectionId?: string;
  error?: { code: string; description: string };
};

const fail = (
  code: string,
  description: string,
  grant: TCallbackOutcome["grant"] = null,
): TCallbackOutcome => ({
  grant,
  status: "failed",
  error: { code, description },
});

export async function completeGrant(
  query: URLSearchParams,
  cookieOf: (grantId: string) => string | undefined,
  /** The /oauth/callback/<key> path segment this answer arrived on; null for the generic /oauth/callback. */
  callbackKey: string | null = null,
  /** lib/connect-sessions' claim and fail, passed in by the callback route (this layer cannot import it). */
  sessionHooks: TConnectSessionHooks | null = null,
): Promise<TCallbackOutcome> {
  const state = query.get("state");
  if (!state || state.length > 200)
    return fail("invalid_state", "The sign-in response has no valid state. Start the connection again.");
  const grant = await findGrantByStateHash(hashToken("state", state));
  if (!grant)
    return fail("invalid_state", "This sign-in response does not match any connection attempt. Start again.");
  const ref = { id: grant.id, mode: grant.mode, returnTo: grant.returnTo, providerSlug: grant.providerSlug };

  const browser = cookieOf(grant.id);
  if (!browser || !safeEqual(hashToken("browser", browser), grant.browserHash)) {
    // Not this browser's flow: leave the grant alone (its owner may still finish it) and say nothing about it.
    return fail(
      "session_mismatch",
      "This sign-in response belongs to a flow started in another browser. Start again here.",
    );
  }
  const failSession = async (code: string, description: string) => {
    if (grant.connectSessionId && sessionHooks)
      await sessionHooks.fail(grant.connectSessionId, { code, description, providerSlug: grant.providerSlug });
  };
  if (!(await claimGrant(grant.id))) {
    if (grant.status === "pending" && grant.expiresAt <= new Date()) {
      await expireGrant(grant.id);
      const description = "This connection attempt expired (after 10 minutes). Start again.";
      await failSession("expired_state", description);
      return fail("expired_state", description, ref);
    }
    return fail(
      "state_already_used",
      "This sign-in response was already used. Start again if you need another connection.",
      ref,
    );
  }
  const failGrant = async (code: string, description: string) => {
    await finishGrant(grant.id, { status: "failed", errorCode: code, errorDescription: description });
    await failSession(code, description);
    log.info("grant failed", { grantId: grant.id, provider: grant.providerSlug, errorCode: code });
    return fail(code, description, ref);
  };
  if (grant.connectSessionId && !sessionHooks) return failGrant("internal", "Something went wrong on our side.");
  try {
    return await exchangeAndStore(grant, ref, query, callbackKey, failGrant, sessionHooks);
  } catch (err) {
    // Claimed but not finished: never leave it pending until expiry.
    await finishGrant(grant.id, {
      status: "failed",
      errorCode: "internal",
      errorDescription: "Something went wrong on our side.",
    }).catch(() => undefined);
    throw err;
  }
}

type TGrant = NonNullable<Awaited<ReturnType<typeof findGrantByStateHash>>>;

async function exchangeAndStore(
  grant: TGrant,
  ref: NonNullable<TCallbackOutcome["grant"]>,
  query: URLSearchParams,
  callbackKey: string | null,
  failGrant: (code: string, description: string) => Promise<TCallbackOutcome>,
  sessionHooks: TConnectSessionHooks | null,
): Promise<TCallbackOutcome> {
  const sessionId = grant.connectSessionId;
  const claim =
    sessionId && sessionHooks
      ? (tx: Parameters<TConnectSessionHooks["claim"]>[0], connectionId: string) =>
          sessionHooks.claim(tx, sessionId, { connectionId, providerSlug: grant.providerSlug })
      : undefined;
  const wrongPath = () =>
    failGrant(
      "redirect_uri_mismatch",
      "This sign-in response arrived for a different provider than the connection attempt. Start again.",
    );
  if (callbackUri(callbackKey) !== grant.redirectUri) return wrongPath();
  const providerError = query.get("error");
  if (providerError) {
    const code = /^[a-z0-9_.-]{1,64}$/i.test(providerError) ? providerError : "provider_error";
    return failGrant(code, tidy(query.get("error_description")) || `The provider answered ${code}.`);
  }
  const loaded = await loadOAuthProvider(grant.teamId, grant.providerSlug);
  if (!loaded) return failGrant("provider_unavailable", "This provider is no longer configured.");
  const { provider, app } = loaded;
  // The provider (or its definition) must still be the one the grant was started for.
  if (redirectUriFor(provider, app) !== grant.redirectUri) return wrongPath();
  const oauth = provider.oauth2;
  const params = stringRecord(grant.params);
  const values = templateValues(provider, app, params);
  const ctx = hookContext(provider, app, values);

  if (oauth.hooks.verifyCallback) {
    try {
      VERIFY_CALLBACK[oauth.hooks.verifyCallback](query, ctx);
    } catch (err) {
      if (err instanceof CallbackVerificationError) return failGrant("invalid_callback", err.message);
      throw err;
    }
  }
  const iss = query.get("iss");
  const expectedIss = oauth.issuer ? fillTemplate(oauth.issuer, values) : null;
  // RFC 9207: a present iss must be the expected one — and with none expected, any iss names another server.
  if (iss !== null ? iss !== expectedIss : oauth.requireIss) {
    return failGrant(
      "issuer_mismatch",
      "The response did not come from the expected authorization server (RFC 9207 iss check).",
    );
  }
  const code = query.get("code") ?? query.get("auth_code");
  if (!code) return failGrant("invalid_request", "The provider sent no authorization code.");

  let tokens;
  try {
    tokens = await requestTokens(
      ctx,
      {
        grant_type: "authorization_code",
        code,
        redirect_uri: grant.redirectUri,
        ...(oauth.pkce
          ? { code_verifier: open(grant.codeVerifierSealed, aadFor("OAuthGrant", grant.id, "codeVerifier")) }
          : {}),
      },
      { afterToken: true },
    );
  } catch (err) {
    if (err instanceof TokenEndpointError) return failGrant(err.code, err.description);
    throw err;
  }

  if (grant.targetConnectionId) {
    const r = await storeReconnect({
      grant: { ...grant, targetConnectionId: grant.targetConnectionId },
      provider,
      app,
      tokens,
      params,
      claim,
    });
    if (!r.ok) return failGrant(r.code, r.description);
    await recordConnectWarning({ grant, connectionId: r.connectionId, provider, tokens });
    return { grant: ref, status: "connected", connectionId: r.connectionId };
  }

  await prepareWebhookSync(provider.slug); // before the transaction (lib/queue/queue.ts prepareQueue)
  const storeNewConnection = () =>
    transaction(async (tx) => {
      const c = await createConnection(
        {
          teamId: grant.teamId,
          brandId: grant.brandId,
          ownerKind: grant.ownerKind,
          ownerUserId: grant.ownerUserId,
          accountId: grant.accountId,
          providerSlug: provider.slug,
          label: grant.label,
          context: grant.context ?? {},
          ...tokenSetToConnection(tokens, params, grant.scopes),
          ...pinOf(provider, app),
        },
        "authorized",
        tx,
      );
      if (claim && !(await claim(tx, c.id))) throw new ClaimRefused();
      await finishGrant(grant.id, { status: "connected", connectionId: c.id }, tx);
      return c;
    });
  let connection;
  try {
    connection = await storeNewConnection();
  } catch (err) {
    if (err instanceof ClaimRefused) return failGrant(SESSION_USED.code, SESSION_USED.description);
    throw err;
  }
  await recordConnectWarning({ grant, connectionId: connection.id, provider, tokens }); // no refresh token?
  // The person who consented at the provider is the grant's owner (or, for shared connections, unknown).
  const actor: TAuthContext["actor"] | null = grant.ownerUserId
    ? { kind: "user", userId: grant.ownerUserId, sessionId: grant.sessionId ?? "", isSuperuser: false }
    : null;
  await recordAudit(
    { teamId: grant.teamId, actor },
    "connection.created",
    { type: "connection", id: connection.id },
    {
      provider: provider.slug,
      via: "oauth2",
      grant: grant.id,
      ...(grant.connectSessionId ? { connect_session: grant.connectSessionId, account: grant.accountId } : {}),
    },
  );
  return { grant: ref, status: "connected", connectionId: connection.id };
}
