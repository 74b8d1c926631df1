// One error type for everything the API refuses: PatchbayError carries the API's { error: { code, message,
// details } } together with the HTTP status and the request id (x-request-id) that leads to the server's log line.

/** The API's error codes (lib/errors.ts on the server); a newer server may send others, so `code` stays a string. */
export type PatchbayErrorCode =
  | "bad_request"
  | "invalid_json"
  | "unauthorized"
  | "quota_exceeded"
  | "account_limit_reached"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "gone"
  | "payload_too_large"
  | "unsupported_media_type"
  | "validation_failed"
  | "rate_limited"
  | "internal"
  | "bad_gateway"
  | "service_unavailable"
  /** the request never got an answer (DNS, connection refused, CORS) */
  | "network_error"
  /** the answer was not the API's error shape (a proxy in between, an HTML error page) */
  | "unexpected_response"
  /** connect.waitForConnection / connectSessions.waitForCompletion: the grant or session failed or expired */
  | "grant_failed"
  | "grant_expired"
  | (string & {});

export type PatchbayErrorInit = {
  code: PatchbayErrorCode;
  message: string;
  /** HTTP status of the answer that carried the error; 0 when there was none (network, a grant's outcome). */
  status: number;
  details?: unknown;
  requestId?: string | null;
  /** Proxy calls: the `Patchbay-Error` header — which side failed (not_found, connection_unusable, timeout …). */
  proxyError?: string | null;
  headers?: Headers;
  cause?: unknown;
};

export class PatchbayError extends Error {
  override readonly name = "PatchbayError";
  readonly code: PatchbayErrorCode;
  readonly status: number;
  readonly details: unknown;
  readonly requestId: string | null;
  readonly proxyError: string | null;
  readonly headers: Headers;

  constructor(init: PatchbayErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.status = init.status;
    this.details = init.details;
    this.requestId = init.requestId ?? null;
    this.proxyError = init.proxyError ?? null;
    this.headers = init.headers ?? new Headers();
  }

  /** Seconds to wait before retrying (429 / 503 `Retry-After`), or null. */
  get retryAfter(): number | null {
    const v = this.headers.get("retry-after");
    if (v === null || !/^\d+$/.test(v.trim())) return null;
    return Number(v);
  }
}

export const isPatchbayError = (e: unknown): e is PatchbayError => e instanceof PatchbayError;

type ErrorShape = { error: { code: string; message: string; details?: unknown } };

function isErrorShape(v: unknown): v is ErrorShape {
  if (typeof v !== "object" || v === null || !("error" in v)) return false;
  const e = v.error;
  return (
    typeof e === "object" &&
    e !== null &&
    typeof (e as { code?: unknown }).code === "string" &&
    typeof (e as { message?: unknown }).message === "string"
  );
}

/**
 * The PatchbayError for a non-2xx answer whose body was already read (`body`: parsed JSON, text, or undefined).
 * Anything that is not the API's error shape becomes `unexpected_response` with the status kept.
 */
export function errorFromBody(status: number, headers: Headers, body: unknown): PatchbayError {
  const requestId = headers.get("x-request-id");
  const proxyError = headers.get("patchbay-error");
  if (isErrorShape(body)) {
    return new PatchbayError({
      code: body.error.code,
      message: body.error.message,
      status,
      details: body.error.details,
      requestId,
      proxyError,
      headers,
    });
  }
  const excerpt = typeof body === "string" ? body.slice(0, 200) : "";
  return new PatchbayError({
    code: "unexpected_response",
    message: `Unexpected answer (HTTP ${status})${excerpt ? `: ${excerpt}` : ""}`,
    status,
    details: body,
    requestId,
    proxyError,
    headers,
  });
}

/** Reads a failed Response's body (JSON when it parses, else text) and makes its PatchbayError. */
export async function errorFromResponse(res: Response): Promise<PatchbayError> {
  const text = await res.text().catch(() => "");
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return errorFromBody(res.status, res.headers, body);
}

/** fetch() threw: an abort is passed through as it is (callers expect AbortError), anything else is a network error. */
export function networkError(err: unknown, signal?: AbortSignal | null): unknown {
  if (signal?.aborted) return signal.reason ?? err;
  if (err instanceof PatchbayError) return err;
  if (typeof err === "object" && err !== null && (err as { name?: unknown }).name === "AbortError")
    return err;
  return new PatchbayError({
    code: "network_error",
    message: `The request did not reach Patchbay: ${err instanceof Error ? err.message : String(err)}`,
    status: 0,
    cause: err,
  });
}
