// The base of every typed domain outcome that reaches an entry point (lib/connections/errors.ts …). Domain code
// throws these in its own words; lib/http/to-error-response.ts maps each kind to an HTTP status exactly once.
// It lives here, beside neither side, so that neither the features nor lib/http import each other for it.

export const DOMAIN_ERROR_KINDS = [
  /** the connection's state cannot hand out credentials (needs_reauth, revoked, disabled) */
  "connection_not_usable",
  /** the provider refused the credential (invalid_grant): reconnect */
  "credential_revoked",
  /** the provider refused a key, password or service account (at connect time, or a stored one on test) */
  "credential_rejected",
  /** the request certainly never reached the provider */
  "provider_unreachable",
  /** the request may have reached the provider; no usable answer came back */
  "outcome_unknown",
  /** the provider definition or its app is missing or incomplete */
  "provider_not_configured",
  /** someone else is doing this right now and did not finish in time */
  "in_progress",
  /** the team's usage tier allows no more proxied calls this calendar month (UTC) */
  "quota_exceeded",
  /** the team's usage tier allows no more connected accounts */
  "account_limit_reached",
] as const;
export type TDomainErrorKind = (typeof DOMAIN_ERROR_KINDS)[number];

export abstract class DomainError extends Error {
  abstract readonly kind: TDomainErrorKind;
  /** Non-secret facts for the caller; shown as the error's `details`. */
  abstract readonly details: Record<string, unknown>;
}
