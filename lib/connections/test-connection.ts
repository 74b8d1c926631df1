// "Test connection": the provider's lightweight read (profile, mailbox header, ad-account ping) with the stored
// credentials. The result updates health: last checked, last error, and the status when the provider says the
// credentials are no longer good. A provider with no such read (a custom OAuth 2 provider without an OIDC
// userinfo endpoint) is "not testable": said as such, never as an error, and no last error is stored.
import { CredentialRejected } from "@/lib/credentials/errors";
import { attachCredential } from "@/lib/providers/attach-credential";
import { stringRecord } from "@/lib/json-record";
import { recordAudit } from "@/lib/audit/record-audit";
import type { TAuthContext } from "@/lib/actor";
import { openCredentials } from "@/lib/connections/credentials";
import { ConnectionError, ConnectionNotUsable, CredentialRevoked } from "@/lib/connections/errors";
import {
  loadProviderForConnection,
  loadProviderForConnectionOrThrow,
} from "@/lib/connections/load-provider-for-connection";
import {
  changeStatus,
  findConnection,
  findConnectionWithSecret,
  updateConnectionRow,
} from "@/lib/connections/repo";
import { refreshConnection } from "@/lib/connections/refresh-connection";
import { connectionScope } from "@/lib/connections/scope";
import { verifyCredential } from "@/lib/credentials/verify-credential";
import { AppError, notFound } from "@/lib/errors";
import { guardedFetch, OutboundError } from "@/lib/outbound/guarded-fetch";
import { outboundPolicyFor } from "@/lib/oauth/outbound-for-provider";
import { filledDefaultHeaders, templateValues } from "@/lib/oauth/template-values";
import { apiAuthFor } from "@/lib/providers/registry";
import { fillTemplate } from "@/lib/providers/templates";

export type TTestResult = {
  ok: boolean;
  /** passed / failed, or not_testable: the provider has no test request (ok is false, error is null). */
  outcome: "passed" | "failed" | "not_testable";
  /** Why nothing was tested (not_testable only). */
  note: string | null;
  status: string;
  checked_at: string;
  error: { code: string; message: string } | null;
  /** A caveat that a passing test does not cure, e.g. no_refresh_token. */
  warning: { code: string; message: string | null } | null;
};

type TProbe =
  | { ok: true }
  | { ok: false; rejected: boolean; code: string; message: string }
  | { ok: false; untestable: true; message: string };

const noTestRequest = (name: string): TProbe => ({
  ok: false,
  untestable: true,
  message: `${name} has no test request (no OpenID Connect userinfo endpoint either), so Patchbay cannot check the credentials without calling its API. Use the connection to see whether it works.`,
});

async function probeOAuth(teamId: string, id: string): Promise<TProbe> {
  const row = await findConnectionWithSecret(teamId, id);
  let pinned;
  try {
    pinned = row ? await loadProviderForConnectionOrThrow(row) : undefined;
  } catch (err) {
    if (err instanceof ConnectionNotUsable)
      return { ok: false, rejected: true, code: "provider_changed", message: err.message };
    throw err;
  }
  const provider = pinned?.provider;
  const app = pinned?.app ?? null;
  const request = provider?.oauth2?.testRequest;
  if (!row || !provider)
    return {
      ok: false,
      rejected: false,
      code: "provider_unavailable",
      message: "This provider is no longer available.",
    };
  if (!request) return noTestRequest(provider.name);
  let creds;
  try {
    creds = (await refreshConnection(teamId, id)).credentials;
  } catch (err) {
    if (err instanceof ConnectionError) {
      const rejected = err instanceof CredentialRevoked || err instanceof ConnectionNotUsable;
      return { ok: false, rejected, code: "refresh_failed", message: err.message };
    }
    if (err instanceof AppError)
      return { ok: false, rejected: false, code: "refresh_failed", message: err.message };
    throw err;
  }
  if (creds.type !== "oauth2")
    return { ok: false, rejected: false, code: "not_oauth", message: "Not an OAuth connection." };
  const url = new URL(fillTemplate(request.url, templateValues(provider, app, stringRecord(row.params))));
  const headers = new Headers({
    accept: "application/json",
    ...filledDefaultHeaders(provider, app, stringRecord(row.params)),
    ...request.headers,
  });
  attachCredential(apiAuthFor(provider, "oauth2"), creds.access_token, headers, url);
  try {
    const res = await guardedFetch(url.toString(), {
      method: request.method,
      headers,
      body: request.jsonBody ? JSON.stringify(request.jsonBody) : undefined,
      policy: app ? outboundPolicyFor(app) : undefined,
      timeoutMs: 10_000,
    });
    if (request.expectStatus.includes(res.status)) return { ok: true };
    const rejected = res.status === 401 || res.status === 403;
    return {
      ok: false,
      rejected,
      code: rejected ? "credentials_rejected" : "provider_error",
      message: `${provider.name} answered HTTP ${res.status} to the test request.`,
    };
  } catch (err) {
    if (err instanceof OutboundError)
      return {
        ok: false,
        rejected: false,
        code: err.code,
        message: `${provider.name} could not be reached (${err.code}).`,
      };
    throw err;
  }
}

async function probeCredential(teamId: string, id: string): Promise<TProbe> {
  const row = await findConnectionWithSecret(teamId, id);
  const loaded = row ? await loadProviderForConnection(row) : undefined;
  const provider = loaded?.ok ? loaded.provider : undefined;
  if (!row?.credentialsSealed || !provider)
    return { ok: false, rejected: false, code: "no_credentials", message: "Nothing to test." };
  const creds = openCredentials(id, row.credentialsSealed);
  if (creds.type !== "api_key" && creds.type !== "basic") return noTestRequest(provider.name);
  try {
    await verifyCredential(provider, stringRecord(row.params), creds);
    return { ok: true };
  } catch (err) {
    if (err instanceof CredentialRejected)
      return { ok: false, rejected: true, code: "credentials_rejected", message: err.message };
    if (err instanceof AppError)
      return { ok: false, rejected: false, code: "provider_unreachable", message: err.message };
    throw err;
  }
}

export async function testConnection(ctx: TAuthContext, id: string): Promise<TTestResult> {
  const row = await findConnection(connectionScope(ctx), id);
  if (!row) throw notFound("Connection");
  if (row.status === "disabled")
    throw new AppError("conflict", { message: "The connection is disabled; enable it to test it." });
  const { probe, now } = await runHealthCheck(row.teamId, id, row.authMode);
  await recordAudit(
    ctx,
    "connection.tested",
    { type: "connection", id },
    { ok: probe.ok, code: probe.ok ? null : "untestable" in probe ? "not_testable" : probe.code },
  );
  const after = await findConnection(connectionScope(ctx), id);
  const untestable = !probe.ok && "untestable" in probe;
  return {
    ok: probe.ok,
    outcome: probe.ok ? "passed" : untestable ? "not_testable" : "failed",
    note: untestable ? probe.message : null,
    status: after?.status ?? row.status,
    checked_at: now.toISOString(),
    error: probe.ok || "untestable" in probe ? null : { code: probe.code, message: probe.message },
    warning: after?.warningCode ? { code: after.warningCode, message: after.warningMessage } : null,
  };
}

async function probeServiceAccount(teamId: string, id: string): Promise<TProbe> {
  try {
    await refreshConnection(teamId, id, { force: true }); // a fresh token proves the key still works
    return { ok: true };
  } catch (err) {
    if (err instanceof ConnectionError || err instanceof AppError) {
      return {
        ok: false,
        rejected: err instanceof CredentialRevoked,
        code: "service_account_failed",
        message: err.message,
      };
    }
    throw err;
  }
}

/**
 * Runs the provider's lightweight read and records the outcome on the connection (status, last checked, last
 * error). No visibility check here: the test endpoint and the scheduler call it after their own.
 */
export async function runHealthCheck(teamId: string, id: string, authMode: string) {
  const probe =
    authMode === "oauth2"
      ? await probeOAuth(teamId, id)
      : authMode === "service_account"
        ? await probeServiceAccount(teamId, id)
        : await probeCredential(teamId, id);
  const now = new Date();
  if (probe.ok) {
    await changeStatus(teamId, id, "connected", "test succeeded", {
      lastCheckedAt: now,
      lastErrorCode: null,
      lastErrorMessage: null,
    });
  } else if ("untestable" in probe) {
    // Nothing failed: no last error and no status change. The time is still written so the scheduler's
    // oldest-checked-first batches move on to other connections instead of picking this one every round.
    await updateConnectionRow(teamId, id, { lastCheckedAt: now });
  } else if (probe.rejected) {
    await changeStatus(
      teamId,
      id,
      "needs_reauth",
      `test failed: ${probe.code}`,
      { lastCheckedAt: now, lastErrorCode: probe.code, lastErrorMessage: probe.message },
      { events: ["connection.test_failed"] },
    );
  } else {
    await updateConnectionRow(
      teamId,
      id,
      { lastCheckedAt: now, lastErrorCode: probe.code, lastErrorMessage: probe.message },
      {
        type: "connection.test_failed",
        data: { reason: `test failed: ${probe.code}`, error_code: probe.code },
      },
    );
  }
  return { probe, now };
}
