// Refreshing an OAuth connection's tokens — once at a time per connection, across requests and processes.
//
// Order of events, and why:
//  1. Take the lease with one conditional UPDATE that also writes a random holder token (embedded PGlite shares
//     one session, so advisory locks would not exclude; a lease row works the same on PostgreSQL). Losers wait for
//     the winner and read its result. A connection that needs reconnecting is refused here, before any lease or
//     provider call: a burst of "Refresh now" on it must not send one doomed invalid_grant request after another.
//  2. Re-read the credentials *after* taking the lease: another process may have refreshed a moment ago.
//  3. Call the provider with no transaction open (a transaction held across the call would freeze the embedded
//     database for everyone). A failed attempt is retried only when the request certainly never reached the
//     provider (connection refused, DNS, TLS before sending) and only after renewing the lease. Once a request may
//     have reached it — a timeout after sending, a 5xx, a reset — it is NOT resent with the same refresh token: a
//     provider that rotated it and answered badly would see the old token again, call it reuse and revoke the
//     whole grant (RFC 9700 §4.14.2), killing the access token that still works. That outcome is recorded as
//     `outcome_unknown`, the status kept while the access token is valid, and the next try waits for the backoff.
//  4. Seal and write the new access token *and* the new refresh token in one short write, before anything uses
//     them; a provider that sends no new refresh token keeps the old one.
//
// Every write under the lease — renewing it, storing the result, recording a failure, releasing it — is
// conditional on our holder token. If the lease was lost (we stalled past its end and another holder took over),
// our result is discarded rather than written over theirs: the new holder re-read the row and asked the provider
// with the refresh token we also used, so the provider's answer to *them* is the current truth (new tokens, or
// invalid_grant because the provider saw our request first and revoked the grant). We then wait for that holder
// and return what it stored, like any other waiter.
//
// If the process dies between 3 and 4, the provider may already have rotated the refresh token we never stored.
// Nothing is half-written: the row still holds the previous tokens, the lease simply expires, and the next
// attempt either succeeds (providers with a reuse grace period) or gets invalid_grant and moves the connection to
// needs_reauth with a reason — a visible, recoverable state instead of a silent failure.
import { CredentialRejected } from "@/lib/credentials/errors";
import { stringRecord } from "@/lib/json-record";
import { openCredentials, sealCredentials, type TCredentials } from "@/lib/connections/credentials";
import {
  ConnectionNotUsable,
  CredentialRevoked,
  ProviderNotConfigured,
  ProviderUnreachable,
  RefreshInProgress,
  RefreshOutcomeUnknown,
} from "@/lib/connections/errors";
import { isRefreshDue } from "@/lib/connections/refresh-due";
import {
  changeStatus,
  findConnectionWithSecret,
  releaseRefreshLease,
  renewRefreshLease,
  takeRefreshLeaseWithRow,
  writeUnderLease,
} from "@/lib/connections/repo";
import { mintServiceAccountToken } from "@/lib/credentials/service-account";
import type { ConnectionStatus } from "@/lib/generated/prisma/client";
import { AppError, notFound } from "@/lib/errors";
import { log } from "@/lib/log";
import { REFRESH, runRefreshHook } from "@/lib/oauth/hooks/refresh";
import { loadProviderForConnectionOrThrow } from "@/lib/connections/load-provider-for-connection";
import { templateValues } from "@/lib/oauth/template-values";
import { hookContext, requestTokens, tokenTimeoutMs, TokenRequestNotSent } from "@/lib/oauth/token-request";
import { TokenEndpointError, type THookContext, type TTokenSet } from "@/lib/oauth/types";
import { type TOAuthApp } from "@/lib/providers/app-types";
import type { TProvider } from "@/lib/providers/schemas";
import { withSpan } from "@/lib/telemetry/tracing";
import { observeLeaseWait, observeRefresh } from "@/lib/metrics/observe";

/** Waiters poll the lease starting at this step, growing to WAIT_STEP_MAX_MS (hundreds of waiters would
 * otherwise crowd the pool the holder needs for its write). */
const WAIT_STEP_MS = 50;
const WAIT_STEP_MAX_MS = 250;
const RETRIES = 3;
const BACKOFF_MS = 200;

/** Statuses that cannot hand out credentials; a refresh would not change that, so it is not attempted. */
const UNUSABLE: readonly ConnectionStatus[] = ["needs_reauth", "revoked", "disabled"];

export type TRefreshHooks = {
  /** Fault injection for tests: runs after the provider answered and before the result is stored. */
  afterTokenResponse?: () => Promise<void>;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const backoff = (attempt: number) => BACKOFF_MS * 2 ** attempt * (0.5 + Math.random()); // exponential with jitter

/**
 * The lease must outlive its holder's worst case for the attempts it may still make — each one timing out (an
 * attempt that never reached the provider can still take the whole timeout, e.g. a DNS answer that never comes),
 * plus the backoffs between them (at most 1.5 × BACKOFF_MS × 2^i each), plus the reads and the write — or a second
 * refresh could start while the first still waits on the provider, and with rotation the provider's reuse
 * detection would then revoke the grant. 10 s covers the database work. Renewed before every retry.
 */
const leaseMs = (attempts = RETRIES) =>
  attempts * tokenTimeoutMs() + 1.5 * BACKOFF_MS * (2 ** (attempts - 1) - 1) + 10_000;

/** The longest a refresh can hold its lease (a refresh job's expiry must outlast it). */
export const refreshLeaseMs = (): number => leaseMs();

export type TRefreshOutcome = { refreshed: boolean; credentials: TCredentials; expiresAt: Date | null };

type TSecretRow = NonNullable<Awaited<ReturnType<typeof findConnectionWithSecret>>>;

function notUsable(row: Pick<TSecretRow, "status" | "lastErrorCode" | "lastErrorMessage">) {
  const why = row.lastErrorMessage ? `: ${row.lastErrorMessage}` : "";
  const message =
    row.status === "disabled"
      ? "The connection is disabled; enable it first."
      : `The connection must be reconnected (${row.status})${why}`;
  return new ConnectionNotUsable(row.status, message, row.lastErrorCode ?? undefined);
}

const current = (row: TSecretRow): TRefreshOutcome => ({
  refreshed: false,
  credentials: openCredentials(row.id, row.credentialsSealed!),
  expiresAt: row.tokenExpiresAt,
});

async function waitForLeaseHolder(teamId: string, id: string): Promise<TRefreshOutcome> {
  // The holder renews before each retry, so wait on the lease itself; the cap only guards against a stuck clock.
  const deadline = Date.now() + 2 * leaseMs();
  for (let step = WAIT_STEP_MS; Date.now() < deadline; step = Math.min(WAIT_STEP_MAX_MS, step * 1.5)) {
    await sleep(step * (0.75 + Math.random() / 2));
    const row = await findConnectionWithSecret(teamId, id);
    if (!row) throw notFound("Connection");
    if (row.refreshLeaseUntil && row.refreshLeaseUntil >= new Date()) continue;
    if (UNUSABLE.includes(row.status) || !row.credentialsSealed) throw notUsable(row);
    // The holder finished without a usable token (provider trouble): say so rather than hand out an expired one.
    if (row.status !== "connected" || (row.tokenExpiresAt && row.tokenExpiresAt <= new Date())) {
      const code = row.lastErrorCode ?? "unknown";
      const message = `The token could not be refreshed right now (${code}); try again shortly.`;
      throw code === "outcome_unknown"
        ? new RefreshOutcomeUnknown(message, code)
        : new ProviderUnreachable(message, code);
    }
    return current(row);
  }
  throw new RefreshInProgress("The token refresh is taking too long; try again shortly.");
}

/** Our lease was taken over while we worked: discard our result and read the new holder's. */
async function afterLostLease(teamId: string, id: string, what: string): Promise<TRefreshOutcome> {
  log.warn("refresh lease lost; result discarded", { connectionId: id, result: what });
  return waitForLeaseHolder(teamId, id);
}

/**
 * The provider definition and app a refresh talks to: the one place both are loaded (and where a check that they
 * are still the ones the connection was made with belongs).
 */
/** The provider and app the connection was made with (its pin: a changed definition gets no token, see
 * load-provider-for-connection.ts) — the one place the engine loads them. */
async function loadRefreshContext(
  row: TSecretRow,
  kind: "oauth2" | "service_account",
): Promise<{ provider: TProvider; app: TOAuthApp | null }> {
  const { provider, app } = await loadProviderForConnectionOrThrow(row);
  if (!provider) throw new ProviderNotConfigured("The provider is no longer available.");
  if (kind === "service_account") return { provider, app: null };
  if (!provider.oauth2 || !app) throw new ProviderNotConfigured("The provider is no longer configured.");
  return { provider, app };
}

/**
 * Refreshes when the access token is due (isRefreshDue: within `minValidityMs` of expiry and past 80 % of its
 * lifetime) or always with force. Returns the current credentials either way.
 */
export function refreshConnection(
  teamId: string,
  id: string,
  opts: {
    minValidityMs?: number;
    force?: boolean;
    hooks?: TRefreshHooks;
    /** The caller just read the row and found it due (or a scan did): take the lease without a look first. */
    dueKnown?: boolean;
  } = {},
): Promise<TRefreshOutcome> {
  return withSpan("patchbay.refresh", { "patchbay.refresh.forced": opts.force === true }, async (span) => {
    const out = await refreshOnce(teamId, id, opts);
    span?.setAttribute("patchbay.refresh.sent", out.refreshed);
    return out;
  });
}

// Leases this process holds right now (one bundle may take them and another — lib/boot — give them back at
// shutdown, hence globalThis).
const g = globalThis as { __patchbayHeldLeases?: Map<string, { teamId: string; id: string }> };
const held = () => (g.__patchbayHeldLeases ??= new Map<string, { teamId: string; id: string }>());

/**
 * Shutdown: gives back the leases of refreshes that did not finish within the grace period, so another instance
 * can refresh now rather than after the lease expires. Safe for the same reason an expiry is: the next holder
 * re-reads the row. Returns how many were released.
 */
export async function releaseHeldRefreshLeases(): Promise<number> {
  const leases = [...held().entries()];
  held().clear();
  await Promise.all(
    leases.map(([holder, l]) => releaseRefreshLease(l.teamId, l.id, holder).catch(() => undefined)),
  );
  return leases.length;
}

async function refreshOnce(
  teamId: string,
  id: string,
  opts: { minValidityMs?: number; force?: boolean; hooks?: TRefreshHooks; dueKnown?: boolean },
): Promise<TRefreshOutcome> {
  const askedAt = new Date();
  const minValidity = opts.minValidityMs ?? 60_000;

  if (!opts.dueKnown) {
    // A cheap look first, so that asking about a fresh token takes no lease (no write).
    const before = await findConnectionWithSecret(teamId, id);
    if (!before) throw notFound("Connection");
    if (!before.credentialsSealed)
      throw new ConnectionNotUsable(before.status, "The connection has no credentials; reconnect it.");
    if (!opts.force && !isRefreshDue(before, minValidity)) return current(before);
    if (UNUSABLE.includes(before.status)) throw notUsable(before);
  }

  const taken = await takeRefreshLeaseWithRow(teamId, id, new Date(Date.now() + leaseMs()));
  if (!taken) {
    if (opts.dueKnown && !(await findConnectionWithSecret(teamId, id))) throw notFound("Connection");
    return observeLeaseWait(() => waitForLeaseHolder(teamId, id));
  }
  const { holder, row } = taken; // the row as it is under the lease
  held().set(holder, { teamId, id });
  // The writes that store a result also free the lease; only the other ways out must give it back.
  let leaseCleared = false;
  try {
    if (UNUSABLE.includes(row.status) || !row.credentialsSealed) throw notUsable(row);
    if (!opts.force && !isRefreshDue(row, minValidity)) return current(row);
    // A forced refresh is satisfied by any refresh that finished after it was asked for.
    if (opts.force && row.lastRefreshedAt && row.lastRefreshedAt >= askedAt) return current(row);
    const creds = openCredentials(id, row.credentialsSealed);
    if (creds.type === "service_account") {
      const { provider } = await loadRefreshContext(row, "service_account");
      return await remintServiceAccount(teamId, id, holder, provider, creds);
    }
    if (creds.type !== "oauth2")
      throw new AppError("bad_request", { message: "Only OAuth connections refresh." });

    const { provider, app } = await loadRefreshContext(row, "oauth2");
    const ctx = hookContext(provider, app!, templateValues(provider, app, stringRecord(row.params)));
    const request = refreshRequest(provider, creds, ctx);

    let tokens: TTokenSet | null = null;
    let failure: TokenEndpointError | null = null;
    for (let attempt = 0; attempt < RETRIES && !tokens; attempt++) {
      if (attempt > 0) {
        await sleep(backoff(attempt - 1));
        const until = new Date(Date.now() + leaseMs(RETRIES - attempt));
        if (!(await renewRefreshLease(teamId, id, holder, until)))
          return await afterLostLease(teamId, id, "retry not sent");
      }
      try {
        tokens = await request.send();
      } catch (err) {
        if (!(err instanceof TokenEndpointError)) throw err;
        failure = err;
        const outcome = classify(err);
        const resend =
          (outcome === "unreachable" && err.retryable) || (outcome === "unknown" && request.resendSafe);
        if (!resend) break;
      }
    }

    observeRefresh(tokens ? "refreshed" : classify(failure!));
    if (!tokens) return await recordFailure(teamId, id, holder, row, creds, provider, failure!);

    await opts.hooks?.afterTokenResponse?.();
    const next: TCredentials = {
      type: "oauth2",
      access_token: tokens.accessToken,
      refresh_token: tokens.refreshToken ?? creds.refresh_token, // rotated if sent, else keep the old one
      token_type: tokens.tokenType ?? creds.token_type,
      id_token: tokens.idToken ?? creds.id_token,
      extra: { ...creds.extra, ...tokens.extraSecrets },
    };
    const written = await changeStatus(
      teamId,
      id,
      "connected",
      "token refreshed",
      {
        credentialsSealed: sealCredentials(id, next),
        tokenExpiresAt: tokens.expiresAt,
        refreshTokenExpiresAt: tokens.refreshTokenExpiresAt ?? row.refreshTokenExpiresAt,
        lastRefreshedAt: new Date(),
        lastErrorCode: null,
        lastErrorMessage: null,
        refreshFailures: 0,
        refreshRetryAfter: null,
      },
      { leaseHolder: holder, events: ["connection.refreshed"] },
    );
    if (written === null) return await afterLostLease(teamId, id, "new tokens");
    leaseCleared = true;
    return { refreshed: true, credentials: next, expiresAt: tokens.expiresAt };
  } finally {
    // Every other way out gives the lease back if it is still ours (early returns, failures, errors). A process
    // that dies here instead leaves it to expire.
    held().delete(holder);
    if (!leaseCleared) await releaseRefreshLease(teamId, id, holder).catch(() => undefined);
  }
}

/** How the provider is asked for new tokens: its refresh hook, or the RFC 6749 §6 refresh_token grant. */
function refreshRequest(
  provider: TProvider,
  creds: Extract<TCredentials, { type: "oauth2" }>,
  ctx: THookContext,
): { send: () => Promise<TTokenSet>; resendSafe: boolean } {
  const hook = provider.oauth2?.hooks.refresh;
  if (hook) {
    const input = { accessToken: creds.access_token, extraSecrets: creds.extra };
    return { send: () => runRefreshHook(hook, input, ctx), resendSafe: REFRESH[hook].resendSafe };
  }
  const refreshToken = creds.refresh_token;
  if (refreshToken) {
    return {
      send: () =>
        requestTokens(
          ctx,
          { grant_type: "refresh_token", refresh_token: refreshToken },
          { afterToken: false },
        ),
      resendSafe: false,
    };
  }
  return {
    send: () =>
      Promise.reject(
        new TokenEndpointError(
          "no_refresh_token",
          `${provider.name} gave no refresh token; reconnect before the token expires.`,
          false,
        ),
      ),
    resendSafe: false,
  };
}

/**
 * rejected    — the provider answered and refused (invalid_grant …): the credential is gone.
 * unreachable — the request certainly never reached the provider: nothing changed there.
 * unknown     — it may have reached the provider (timeout after sending, 5xx, 429, reset): it may have rotated.
 */
function classify(err: TokenEndpointError): "rejected" | "unreachable" | "unknown" {
  if (err instanceof TokenRequestNotSent) return "unreachable";
  return err.retryable ? "unknown" : "rejected";
}

async function recordFailure(
  teamId: string,
  id: string,
  holder: string,
  row: TSecretRow,
  creds: TCredentials,
  provider: TProvider,
  e: TokenEndpointError,
): Promise<TRefreshOutcome> {
  const outcome = classify(e);
  if (outcome === "rejected") {
    const afterUnknown =
      row.lastErrorCode === "outcome_unknown"
        ? " An earlier refresh went unanswered; the provider had probably rotated the refresh token then."
        : "";
    const written = await changeStatus(
      teamId,
      id,
      "needs_reauth",
      `refresh refused: ${e.code}`,
      { lastErrorCode: e.code, lastErrorMessage: `${e.description}${afterUnknown}` },
      { leaseHolder: holder, events: ["connection.refresh_failed"] },
    );
    if (written === null) return afterLostLease(teamId, id, "refusal");
    log.warn("connection needs re-authorization", { connectionId: id, errorCode: e.code });
    throw new CredentialRevoked(
      e.code,
      `${provider.name} refused the refresh (${e.code}); the connection needs to be reconnected.`,
    );
  }

  // Provider trouble: keep the status while the token still works, back off before the next try.
  const code = outcome === "unreachable" ? "provider_unreachable" : "outcome_unknown";
  const message =
    outcome === "unreachable"
      ? `${e.description} Nothing reached ${provider.name}; retrying with backoff.`
      : `${e.description} (${e.code}) The request may have reached ${provider.name}, so it was not resent with ` +
        "the same refresh token; retrying with backoff.";
  const failures = row.refreshFailures + 1;
  const stillValid = row.tokenExpiresAt !== null && row.tokenExpiresAt > new Date();
  const fields = {
    lastErrorCode: code,
    lastErrorMessage: message,
    refreshFailures: failures,
    refreshRetryAfter: new Date(Date.now() + Math.min(15 * 60_000, backoff(failures + 2))),
  };
  const written = stillValid
    ? await writeUnderLease(teamId, id, holder, fields, {
        type: "connection.refresh_failed",
        data: { reason: `refresh failed: ${code} (${e.code})`, error_code: code, retrying: true },
      })
    : (await changeStatus(teamId, id, "error", `refresh failed: ${code} (${e.code})`, fields, {
        leaseHolder: holder,
        events: ["connection.refresh_failed"],
      })) !== null;
  if (!written) return afterLostLease(teamId, id, code);
  if (stillValid) return { refreshed: false, credentials: creds, expiresAt: row.tokenExpiresAt };
  const text = `${provider.name} could not refresh the token right now (${e.code}); retrying with backoff.`;
  throw outcome === "unreachable"
    ? new ProviderUnreachable(text, code)
    : new RefreshOutcomeUnknown(text, code);
}

/** Service accounts have no refresh token: a new JWT is signed and exchanged, then stored like a refresh. */
async function remintServiceAccount(
  teamId: string,
  id: string,
  holder: string,
  provider: TProvider,
  creds: Extract<TCredentials, { type: "service_account" }>,
): Promise<TRefreshOutcome> {
  let token;
  try {
    token = await mintServiceAccountToken(provider, creds.key_json);
  } catch (err) {
    if (err instanceof CredentialRejected) {
      const written = await changeStatus(
        teamId,
        id,
        "needs_reauth",
        "service account refused",
        { lastErrorCode: "invalid_grant", lastErrorMessage: err.message },
        { leaseHolder: holder, events: ["connection.refresh_failed"] },
      );
      if (written === null) return afterLostLease(teamId, id, "refusal");
      throw new CredentialRevoked("invalid_grant", err.message);
    }
    throw err;
  }
  const next: TCredentials = { ...creds, access_token: token.accessToken };
  const written = await changeStatus(
    teamId,
    id,
    "connected",
    "token re-minted",
    {
      credentialsSealed: sealCredentials(id, next),
      tokenExpiresAt: token.expiresAt,
      lastRefreshedAt: new Date(),
      lastErrorCode: null,
      lastErrorMessage: null,
    },
    { leaseHolder: holder, events: ["connection.refreshed"] },
  );
  if (written === null) return afterLostLease(teamId, id, "new token");
  return { refreshed: true, credentials: next, expiresAt: token.expiresAt };
}
