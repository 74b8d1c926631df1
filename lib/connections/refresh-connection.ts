// Refreshing an OAuth connection's tokens — once at a time per connection, across requests and processes.
//
// Order of events, and why:
//  1. Take the lease with one conditional UPDATE (embedded PGlite shares one session, so advisory locks would not
//     exclude; a lease row works the same on PostgreSQL). Losers wait for the winner and read its result.
//  2. Re-read the credentials *after* taking the lease: another process may have refreshed a moment ago.
//  3. Call the provider with no transaction open (a transaction held across the call would freeze the embedded
//     database for everyone).
//  4. Seal and write the new access token *and* the new refresh token in one short write, before anything uses
//     them; a provider that sends no new refresh token keeps the old one.
//  If the process dies between 3 and 4, the provider may already have rotated the refresh token we never stored.
//  Nothing is half-written: the row still holds the previous tokens, the lease simply expires, and the next
//  attempt either succeeds (providers with a reuse grace period) or gets invalid_grant and moves the connection to
//  needs_reauth with a reason — a visible, recoverable state instead of a silent failure.
import { stringRecord } from "@/lib/json-record";
import { openCredentials, sealCredentials, type TCredentials } from "@/lib/connections/credentials";
import {
  changeStatus,
  findConnectionWithSecret,
  releaseRefreshLease,
  takeRefreshLease,
  updateConnectionRow,
} from "@/lib/connections/repo";
import { AppError, notFound } from "@/lib/errors";
import { log } from "@/lib/log";
import { AFTER_TOKEN } from "@/lib/oauth/hooks/after-token";
import { loadProviderForConnectionOrThrow } from "@/lib/connections/load-provider-for-connection";
import { templateValues } from "@/lib/oauth/template-values";
import { hookContext, requestTokens, tokenTimeoutMs } from "@/lib/oauth/token-request";
import { TokenEndpointError, type TTokenSet } from "@/lib/oauth/types";
import { getProviderForTeam } from "@/lib/providers/get-provider-for-team";
import { mintServiceAccountToken } from "@/lib/credentials/service-account";

const WAIT_STEP_MS = 50;
const RETRIES = 3;
const BACKOFF_MS = 200;

export type TRefreshHooks = {
  /** Fault injection for tests: runs after the provider answered and before the result is stored. */
  afterTokenResponse?: () => Promise<void>;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const backoff = (attempt: number) => BACKOFF_MS * 2 ** attempt * (0.5 + Math.random()); // exponential with jitter

/**
 * The lease must outlive its holder's worst case — every attempt timing out, plus the backoffs, plus the reads and
 * the write — or a second refresh could start while the first still waits on the provider, and with rotation the
 * provider's reuse detection would then revoke the grant. 10 s covers the database work.
 */
const leaseMs = () => RETRIES * tokenTimeoutMs() + 1.5 * BACKOFF_MS * (2 ** (RETRIES - 1) - 1) + 10_000;

export type TRefreshOutcome = { refreshed: boolean; credentials: TCredentials; expiresAt: Date | null };

async function waitForLeaseHolder(teamId: string, id: string): Promise<TRefreshOutcome> {
  const deadline = Date.now() + leaseMs() + 1000;
  while (Date.now() < deadline) {
    await sleep(WAIT_STEP_MS);
    const row = await findConnectionWithSecret(teamId, id);
    if (!row) throw notFound("Connection");
    if (!row.refreshLeaseUntil || row.refreshLeaseUntil < new Date()) {
      if (row.status !== "connected" || !row.credentialsSealed) {
        throw new AppError("conflict", {
          message: `The connection needs attention (${row.status}): ${row.lastErrorMessage ?? "refresh failed"}.`,
        });
      }
      // The holder finished without a usable token (provider trouble): say so rather than hand out an expired one.
      if (row.tokenExpiresAt && row.tokenExpiresAt <= new Date()) {
        throw new AppError("bad_gateway", {
          message: `The token could not be refreshed right now (${row.lastErrorCode ?? "unknown"}); try again shortly.`,
        });
      }
      return {
        refreshed: false,
        credentials: openCredentials(row.id, row.credentialsSealed),
        expiresAt: row.tokenExpiresAt,
      };
    }
  }
  throw new AppError("service_unavailable", {
    message: "The token refresh is taking too long; try again shortly.",
  });
}

/**
 * Refreshes when the access token expires within `minValidityMs` (or always with force). Returns the current
 * credentials either way.
 */
export async function refreshConnection(
  teamId: string,
  id: string,
  opts: { minValidityMs?: number; force?: boolean; hooks?: TRefreshHooks } = {},
): Promise<TRefreshOutcome> {
  const minValidity = opts.minValidityMs ?? 60_000;
  const fresh = (exp: Date | null) =>
    !opts.force && (exp === null || exp.getTime() - Date.now() > minValidity);

  const before = await findConnectionWithSecret(teamId, id);
  if (!before) throw notFound("Connection");
  if (!before.credentialsSealed)
    throw new AppError("conflict", { message: "The connection has no credentials." });
  if (fresh(before.tokenExpiresAt))
    return {
      refreshed: false,
      credentials: openCredentials(id, before.credentialsSealed),
      expiresAt: before.tokenExpiresAt,
    };

  if (!(await takeRefreshLease(teamId, id, new Date(Date.now() + leaseMs()))))
    return waitForLeaseHolder(teamId, id);
  try {
    const row = await findConnectionWithSecret(teamId, id); // re-read under the lease
    if (!row?.credentialsSealed) throw notFound("Connection");
    const creds = openCredentials(id, row.credentialsSealed);
    if (fresh(row.tokenExpiresAt))
      return { refreshed: false, credentials: creds, expiresAt: row.tokenExpiresAt };
    if (creds.type === "service_account")
      return await remintServiceAccount(teamId, id, row.providerSlug, creds);
    if (creds.type !== "oauth2")
      throw new AppError("bad_request", { message: "Only OAuth connections refresh." });

    const { provider, app } = await loadProviderForConnectionOrThrow(row); // pinned definition or nothing sent
    if (!provider?.oauth2 || !app)
      throw new AppError("conflict", { message: "The provider is no longer configured." });
    const ctx = hookContext(provider, app, templateValues(provider, app, stringRecord(row.params)));

    let tokens: TTokenSet | null = null;
    let lastError: TokenEndpointError | null = null;
    for (let attempt = 0; attempt < RETRIES && !tokens; attempt++) {
      try {
        if (provider.oauth2.refresh === "long_lived_exchange" && provider.oauth2.hooks.afterToken) {
          // Meta: no refresh token — exchange the still-valid long-lived token for a new one.
          tokens = await AFTER_TOKEN[provider.oauth2.hooks.afterToken](
            {
              accessToken: creds.access_token,
              expiresAt: null,
              refreshTokenExpiresAt: null,
              scopes: null,
              extraSecrets: creds.extra,
              metadata: {},
              derived: {},
              identity: {},
            },
            ctx,
          );
        } else if (creds.refresh_token) {
          tokens = await requestTokens(
            ctx,
            { grant_type: "refresh_token", refresh_token: creds.refresh_token },
            { afterToken: false },
          );
        } else {
          throw new TokenEndpointError(
            "no_refresh_token",
            `${provider.name} gave no refresh token; reconnect before the token expires.`,
            false,
          );
        }
      } catch (err) {
        if (!(err instanceof TokenEndpointError)) throw err;
        lastError = err;
        if (!err.retryable) break;
        if (attempt < RETRIES - 1) await sleep(backoff(attempt));
      }
    }

    if (!tokens) {
      const e = lastError!;
      if (!e.retryable) {
        await changeStatus(teamId, id, "needs_reauth", `refresh refused: ${e.code}`, {
          lastErrorCode: e.code,
          lastErrorMessage: e.description,
          refreshLeaseUntil: null,
        });
        log.warn("connection needs re-authorization", { connectionId: id, errorCode: e.code });
        throw new AppError("conflict", {
          message: `${provider.name} refused the refresh (${e.code}); the connection needs to be reconnected.`,
          details: { status: "needs_reauth" },
        });
      }
      // Provider trouble: keep the status while the token still works, back off before the next try.
      const failures = row.refreshFailures + 1;
      const stillValid = row.tokenExpiresAt !== null && row.tokenExpiresAt > new Date();
      await updateConnectionRow(teamId, id, {
        lastErrorCode: e.code,
        lastErrorMessage: e.description,
        refreshFailures: failures,
        refreshRetryAfter: new Date(Date.now() + Math.min(15 * 60_000, backoff(failures + 2))),
        refreshLeaseUntil: null,
      });
      if (!stillValid) await changeStatus(teamId, id, "error", `refresh failed: ${e.code}`);
      if (stillValid) return { refreshed: false, credentials: creds, expiresAt: row.tokenExpiresAt };
      throw new AppError("bad_gateway", {
        message: `${provider.name} could not refresh the token right now (${e.code}); retrying with backoff.`,
      });
    }

    await opts.hooks?.afterTokenResponse?.();
    const next: TCredentials = {
      type: "oauth2",
      access_token: tokens.accessToken,
      refresh_token: tokens.refreshToken ?? creds.refresh_token, // rotated if sent, else keep the old one
      token_type: tokens.tokenType ?? creds.token_type,
      id_token: tokens.idToken ?? creds.id_token,
      extra: { ...creds.extra, ...tokens.extraSecrets },
    };
    await changeStatus(teamId, id, "connected", "token refreshed", {
      credentialsSealed: sealCredentials(id, next),
      tokenExpiresAt: tokens.expiresAt,
      refreshTokenExpiresAt: tokens.refreshTokenExpiresAt ?? row.refreshTokenExpiresAt,
      lastRefreshedAt: new Date(),
      lastErrorCode: null,
      lastErrorMessage: null,
      refreshFailures: 0,
      refreshRetryAfter: null,
      refreshLeaseUntil: null,
    });
    return { refreshed: true, credentials: next, expiresAt: tokens.expiresAt };
  } finally {
    // Every way out gives the lease back (the writes above already clear it; this covers the early returns
    // and errors). A process that dies here instead leaves it to expire.
    await releaseRefreshLease(teamId, id).catch(() => undefined);
  }
}

/** Service accounts have no refresh token: a new JWT is signed and exchanged, then stored like a refresh. */
async function remintServiceAccount(
  teamId: string,
  id: string,
  providerSlug: string,
  creds: Extract<TCredentials, { type: "service_account" }>,
): Promise<TRefreshOutcome> {
  const provider = await getProviderForTeam(teamId, providerSlug);
  if (!provider) throw new AppError("conflict", { message: "The provider is no longer available." });
  try {
    const token = await mintServiceAccountToken(provider, creds.key_json);
    const next: TCredentials = { ...creds, access_token: token.accessToken };
    await changeStatus(teamId, id, "connected", "token re-minted", {
      credentialsSealed: sealCredentials(id, next),
      tokenExpiresAt: token.expiresAt,
      lastRefreshedAt: new Date(),
      lastErrorCode: null,
      lastErrorMessage: null,
      refreshLeaseUntil: null,
    });
    return { refreshed: true, credentials: next, expiresAt: token.expiresAt };
  } catch (err) {
    if (err instanceof AppError && err.code === "validation_failed") {
      await changeStatus(teamId, id, "needs_reauth", "service account refused", {
        lastErrorCode: "invalid_grant",
        lastErrorMessage: err.message,
        refreshLeaseUntil: null,
      });
    }
    throw err;
  }
}
