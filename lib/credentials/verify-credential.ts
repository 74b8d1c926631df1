// Checks an API key or username/password against the provider before anything is stored: the provider's
// verification request (apiKey.verify / basic.verify) is sent exactly as real API calls will send the credential,
// through the outbound guard. The outcome is one of three: verified (with a best-effort identity), rejected by the
// provider (422, with the provider's reason minus the secret), or not verifiable right now (502).
//
// The credential never appears in an error message or detail, and this module never logs.
import { CredentialRejected } from "@/lib/credentials/errors";
import { attachCredential, basicValue } from "@/lib/providers/attach-credential";
import { checkConnectionParams } from "@/lib/providers/validate-params";
import { AppError, type TFieldIssue } from "@/lib/errors";
import { guardedFetch, OutboundError, type TGuardedResponse } from "@/lib/outbound/guarded-fetch";
import { apiAuthFor, type THttpRequest, type TProvider } from "@/lib/providers/schemas";
import { fillTemplate, placeholdersIn } from "@/lib/providers/templates";
import { matchesPattern } from "@/lib/providers/validation";
import { clip, extractIdentity, extractProviderReason, readJsonPath } from "./provider-response";
import { scrubSecrets } from "./scrub-secret";

export type TCredentialInput =
  { type: "api_key"; api_key: string } | { type: "basic"; username: string; password: string };

export type TVerified = {
  identity: { id?: string; name?: string; email?: string };
  metadata: Record<string, unknown>;
};

export type TVerifyOptions = {
  /** Whole verification call, DNS to body. Default 10 s. */
  timeoutMs?: number;
};

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_REASON_LENGTH = 300;
const MAX_IDENTITY_LENGTH = 200;
// An API key goes into a header or query string as-is: printable ASCII without spaces.
const API_KEY_CHARS = /^[\x21-\x7e]+$/;
// eslint-disable-next-line no-control-regex -- control characters are what is refused
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

type TPrepared = {
  mode: TCredentialInput["type"];
  /** "the API key" / "the credentials", for messages. */
  subject: string;
  verify: THttpRequest;
  /** Every form in which the secret could come back: raw, URL-encoded, inside the Basic header. */
  secrets: string[];
};

/** Calls the provider's verification request with the credential attached as real API calls attach it. */
export async function verifyCredential(
  provider: TProvider,
  params: Record<string, string>,
  cred: TCredentialInput,
  opts: TVerifyOptions = {},
): Promise<TVerified> {
  const verify = verificationRequest(provider, cred.type);
  const values = checkInput(provider, params, cred);
  const { url, headers, body, secrets } = buildRequest(provider, verify, values, cred);
  const prepared: TPrepared = {
    mode: cred.type,
    subject: cred.type === "api_key" ? "the API key" : "the credentials",
    verify,
    secrets,
  };

  let res: TGuardedResponse;
  try {
    res = await guardedFetch(url, {
      method: verify.method,
      headers,
      body,
      timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
  } catch (err) {
    throw unreachable(provider, prepared, err);
  }
  return interpret(provider, prepared, res);
}

// ---------------------------------------------------------------------------------------------------------
// Before the network: mode, shape, connection params
// ---------------------------------------------------------------------------------------------------------

function verificationRequest(provider: TProvider, mode: TCredentialInput["type"]): THttpRequest {
  if (mode === "api_key") {
    if (provider.apiKey && provider.authModes.includes("api_key")) return provider.apiKey.verify;
    throw new AppError("validation_failed", {
      message: `${provider.name} does not accept API keys; connect it with ${otherModes(provider)}.`,
      details: { issues: [issue("body.type", "This provider does not accept API keys.", "invalid_value")] },
    });
  }
  if (provider.basic && provider.authModes.includes("basic")) return provider.basic.verify;
  throw new AppError("validation_failed", {
    message: `${provider.name} does not accept a username and password; connect it with ${otherModes(provider)}.`,
    details: {
      issues: [issue("body.type", "This provider does not accept a username and password.", "invalid_value")],
    },
  });
}

function otherModes(provider: TProvider): string {
  const names = {
    oauth2: "OAuth",
    api_key: "an API key",
    basic: "a username and password",
    service_account: "a service account",
  };
  return provider.authModes.map((m) => names[m]).join(" or ");
}

function issue(path: string, message: string, code: string): TFieldIssue {
  return { path, message, code };
}

/** Validates the credential's shape and the connection params; returns the template values. */
function checkInput(
  provider: TProvider,
  params: Record<string, string>,
  cred: TCredentialInput,
): Record<string, string> {
  const issues: TFieldIssue[] = [];
  const values: Record<string, string> = {};

  // Unknown keys are refused at the connect entry points; here stored params are re-checked too (Test connection).
  const checked = checkConnectionParams(provider, params, { unknownKeys: "ignore" });
  issues.push(...checked.issues);
  Object.assign(values, checked.values);

  if (cred.type === "api_key") {
    const apiKey = provider.apiKey;
    const what = `${provider.name} ${lowerFirst(apiKey?.label ?? "API key")}`;
    const looksLike = apiKey?.placeholder ? ` (a valid one looks like ${apiKey.placeholder})` : "";
    if (cred.api_key.length === 0) {
      issues.push(issue("body.api_key", `Enter your ${what}.`, "too_small"));
    } else if (!API_KEY_CHARS.test(cred.api_key)) {
      issues.push(
        issue(
          "body.api_key",
          `The key contains spaces or characters an API key cannot contain; paste only the ${what}.`,
          "invalid_format",
        ),
      );
    } else if (apiKey?.pattern !== undefined && !matchesPattern(apiKey.pattern, cred.api_key)) {
      issues.push(
        issue(
          "body.api_key",
          `This does not look like a ${what}${looksLike}. Check that you copied the whole key.`,
          "invalid_format",
        ),
      );
    }
  } else {
    const basic = provider.basic;
    const userLabel = basic?.usernameLabel ?? "Username";
    const passLabel = basic?.passwordLabel ?? "Password";
    if (cred.username.length === 0) {
      issues.push(issue("body.username", `${userLabel} is required.`, "too_small"));
    } else if (cred.username.includes(":") || CONTROL_CHARS.test(cred.username)) {
      // RFC 7617: the user-id of Basic credentials cannot contain a colon.
      issues.push(
        issue("body.username", `${userLabel} cannot contain ":" or line breaks.`, "invalid_format"),
      );
    }
    if (cred.password.length === 0) {
      issues.push(issue("body.password", `${passLabel} is required.`, "too_small"));
    } else if (CONTROL_CHARS.test(cred.password)) {
      issues.push(issue("body.password", `${passLabel} cannot contain line breaks.`, "invalid_format"));
    }
  }

  if (issues.length > 0) {
    throw new AppError("validation_failed", {
      message: issues.length === 1 && issues[0] ? issues[0].message : "Some fields are missing or invalid.",
      details: { issues },
    });
  }
  return values;
}

/** "Secret or restricted key" → "secret or restricted key"; "API key" stays. */
function lowerFirst(label: string): string {
  return /^[A-Z][A-Z]/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1);
}

// ---------------------------------------------------------------------------------------------------------
// The request
// ---------------------------------------------------------------------------------------------------------

function buildRequest(
  provider: TProvider,
  verify: THttpRequest,
  values: Record<string, string>,
  cred: TCredentialInput,
): { url: string; headers: Headers; body: string | undefined; secrets: string[] } {
  // Non-secret app-setting defaults may appear in templates too; the credential never does.
  const templateValues: Record<string, string> = {};
  for (const s of provider.appSettings)
    if (!s.secret && s.default !== undefined) templateValues[s.name] = s.default;
  Object.assign(templateValues, values);

  const filled = fillTemplate(verify.url, templateValues);
  let url: URL;
  try {
    if (placeholdersIn(filled).length > 0) throw new Error("unfilled placeholder");
    url = new URL(filled);
  } catch {
    throw new AppError("internal", {
      message: `${provider.name} cannot be verified: its verification request needs settings that are not configured.`,
    });
  }

  const headers = new Headers();
  for (const [name, value] of Object.entries(provider.api.defaultHeaders)) headers.set(name, value);
  for (const [name, value] of Object.entries(verify.headers)) headers.set(name, value);
  if (!headers.has("accept")) headers.set("accept", "application/json");

  const secret = cred.type === "api_key" ? cred.api_key : cred.password;
  const secrets = [secret, encodeURIComponent(secret)];
  const auth = apiAuthFor(provider, cred.type);
  if (cred.type === "basic") {
    // Validated at load: basic credentials always travel as HTTP Basic.
    const username = fillTemplate(provider.basic?.usernameTemplate ?? "{username}", {
      username: cred.username,
    });
    const encoded = basicValue(username, cred.password);
    headers.set("authorization", `Basic ${encoded}`);
    secrets.push(encoded);
  } else {
    secrets.push(...attachCredential(auth, secret, headers, url));
  }

  let body: string | undefined;
  if (verify.jsonBody !== undefined) {
    body = JSON.stringify(verify.jsonBody);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  return { url: url.href, headers, body, secrets };
}

/** RFC 7617: base64 of the UTF-8 `user:pass` (not form-encoded, unlike OAuth client credentials). */

// ---------------------------------------------------------------------------------------------------------
// The answer
// ---------------------------------------------------------------------------------------------------------

function interpret(provider: TProvider, prepared: TPrepared, res: TGuardedResponse): TVerified {
  const { verify } = prepared;
  const json = tryJson(res);

  if (verify.expectStatus.includes(res.status)) {
    if (verify.expectJson !== undefined) {
      if (json === undefined)
        throw badGateway(provider, prepared, "sent a response we could not read", {
          status: res.status,
          reason: "bad_response",
        });
      const { path, equals } = verify.expectJson;
      const value = readJsonPath(json, path);
      const confirmed = equals === undefined ? Boolean(value) : value === equals;
      if (!confirmed) {
        throw rejected(
          provider,
          prepared,
          res,
          json,
          `the response does not confirm it (${path} is missing)`,
        );
      }
    }
    return {
      identity: safeIdentity(json, prepared.secrets),
      metadata: { verified_at: new Date().toISOString() },
    };
  }

  const status = res.status;
  if (status === 429) {
    throw badGateway(provider, prepared, "is rate limiting requests (HTTP 429); try again in a minute", {
      status,
      reason: "rate_limited",
    });
  }
  if (status === 408)
    throw badGateway(provider, prepared, "timed out (HTTP 408)", { status, reason: "timeout" });
  if (status >= 500) {
    throw badGateway(provider, prepared, `is unavailable (HTTP ${String(status)})`, {
      status,
      reason: "provider_error",
    });
  }
  if (status >= 400) throw rejected(provider, prepared, res, json, undefined);
  // A redirect (to a login page, say) or a success code the entry does not expect says nothing about the key.
  throw badGateway(provider, prepared, `answered with an unexpected HTTP ${String(status)}`, {
    status,
    reason: "bad_response",
  });
}

function tryJson(res: TGuardedResponse): unknown {
  if (res.bytes.byteLength === 0) return undefined;
  try {
    return res.json();
  } catch {
    return undefined;
  }
}

function safeIdentity(json: unknown, secrets: readonly string[]): TVerified["identity"] {
  const identity: TVerified["identity"] = {};
  for (const [field, value] of Object.entries(extractIdentity(json)) as [
    keyof TVerified["identity"],
    string,
  ][]) {
    // A field that contains the secret (or a long piece of it) is dropped, not shown redacted.
    if (scrubSecrets(value, secrets) === value) identity[field] = clip(value, MAX_IDENTITY_LENGTH);
  }
  return identity;
}

function rejected(
  provider: TProvider,
  prepared: TPrepared,
  res: TGuardedResponse,
  json: unknown,
  fallback: string | undefined,
): CredentialRejected {
  const raw = extractProviderReason(json, json === undefined ? res.text() : "") ?? fallback;
  const reason = raw === undefined ? undefined : clip(scrubSecrets(raw, prepared.secrets), MAX_REASON_LENGTH);
  const message =
    reason === undefined
      ? `${provider.name} rejected ${prepared.subject} (HTTP ${String(res.status)}).`
      : `${provider.name} rejected ${prepared.subject}: ${/[.!?…]$/.test(reason) ? reason : `${reason}.`}`;
  const path = prepared.mode === "api_key" ? "body.api_key" : "body.password";
  return new CredentialRejected(message, {
    provider_status: res.status,
    issues: [issue(path, message, "rejected_by_provider")],
  });
}

function unreachable(provider: TProvider, prepared: TPrepared, err: unknown): AppError {
  if (!(err instanceof OutboundError)) {
    // Not a network outcome (a bug on our side); the original error may quote request details, so it is dropped.
    return new AppError("internal", { message: `Could not verify ${prepared.subject}. Nothing was stored.` });
  }
  switch (err.code) {
    case "timeout":
      return badGateway(provider, prepared, "is unreachable (timeout)", { reason: "timeout" });
    case "network":
      return badGateway(provider, prepared, "is unreachable (network error)", { reason: "network" });
    case "bad_response":
    case "too_large":
      return badGateway(provider, prepared, "sent a response we could not read", { reason: "bad_response" });
    case "blocked_address":
    case "blocked_host":
    case "blocked_scheme":
    case "redirect_refused":
      // The guard's own message names address ranges; which internal ranges exist is not the caller's business.
      return badGateway(provider, prepared, "cannot be reached from this server", { reason: "blocked" });
  }
}

function badGateway(
  provider: TProvider,
  prepared: TPrepared,
  why: string,
  detail: { status?: number; reason: string },
): AppError {
  return new AppError("bad_gateway", {
    message: `Could not verify ${prepared.subject}: ${provider.name} ${why}. Nothing was stored.`,
    details: {
      reason: detail.reason,
      ...(detail.status === undefined ? {} : { provider_status: detail.status }),
    },
  });
}
