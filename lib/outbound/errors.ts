// The one error the outbound guard throws. Callers map `code` to their own AppError; the message is safe to show
// or log because it only ever names scheme://host[:port]/path — never the query string, headers or body, which
// routinely carry client secrets, codes and tokens.

export const OUTBOUND_ERROR_CODES = [
  "blocked_address",
  "blocked_scheme",
  "blocked_host",
  "timeout",
  "too_large",
  "network",
  "redirect_refused",
  "bad_response",
] as const;

export type TOutboundErrorCode = (typeof OUTBOUND_ERROR_CODES)[number];

export class OutboundError extends Error {
  readonly code: TOutboundErrorCode;
  /** hostname[:port] of the target the caller asked for ("" when the URL could not be parsed). */
  readonly host: string;
  /**
   * False only when the request certainly never left: refused before connecting (policy, DNS, connect refused or
   * timed out, TLS handshake failed). True once the connection was up, i.e. the server may have received — and
   * acted on — the request even though no complete response came back. Callers that must not repeat a
   * non-idempotent request (a rotating refresh token) retry only when this is false.
   */
  readonly requestSent: boolean;

  constructor(
    code: TOutboundErrorCode,
    target: URL | undefined,
    reason: string,
    opts: { requestSent?: boolean } = {},
  ) {
    super(`Outbound request to ${target ? describeUrl(target) : "(invalid URL)"} failed: ${reason}`);
    this.name = "OutboundError";
    this.code = code;
    this.host = target ? target.host : "";
    this.requestSent = opts.requestSent ?? false;
  }
}

/** scheme://host[:port]/path — drops credentials, query string and fragment. */
export function describeUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}
