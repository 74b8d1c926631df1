// What can go wrong when a connection's credentials are refreshed or used, in the domain's own words. Nothing
// here knows HTTP: lib/http/to-error-response.ts maps each kind to a status once, and domain code (the test
// probe, the scheduler) branches on these classes, never on an HTTP error code.
import { DomainError } from "@/lib/domain-error";
import type { ConnectionStatus } from "@/lib/generated/prisma/client";

export abstract class ConnectionError extends DomainError {}

/** The connection is in a state that cannot hand out credentials (needs_reauth, revoked, disabled …). */
export class ConnectionNotUsable extends ConnectionError {
  readonly kind = "connection_not_usable";
  readonly details: { status: ConnectionStatus; reason?: string };
  constructor(
    readonly status: ConnectionStatus,
    message: string,
    reason?: string,
  ) {
    super(message);
    this.name = "ConnectionNotUsable";
    this.details = reason ? { status, reason } : { status };
  }
}

/** The provider refused the refresh (invalid_grant …): the connection now needs to be reconnected. */
export class CredentialRevoked extends ConnectionError {
  readonly kind = "credential_revoked";
  readonly details: { status: "needs_reauth"; reason: string };
  constructor(
    readonly providerCode: string,
    message: string,
  ) {
    super(message);
    this.name = "CredentialRevoked";
    this.details = { status: "needs_reauth", reason: providerCode };
  }
}

/** The request certainly never reached the provider (refused connection, DNS, TLS before sending, blocked). */
export class ProviderUnreachable extends ConnectionError {
  readonly kind = "provider_unreachable";
  readonly details: { reason: string };
  constructor(message: string, reason: string) {
    super(message);
    this.name = "ProviderUnreachable";
    this.details = { reason };
  }
}

/**
 * The refresh request may have reached the provider but no usable answer came back (timeout after sending, 5xx,
 * connection reset). The provider may have rotated the refresh token, so it is not resent right away.
 */
export class RefreshOutcomeUnknown extends ConnectionError {
  readonly kind = "outcome_unknown";
  readonly details: { reason: string };
  constructor(message: string, reason: string) {
    super(message);
    this.name = "RefreshOutcomeUnknown";
    this.details = { reason };
  }
}

/** The provider definition or its OAuth app is gone or incomplete: an operator problem, not the user's. */
export class ProviderNotConfigured extends ConnectionError {
  readonly kind = "provider_not_configured";
  readonly details: Record<string, never> = {};
  constructor(message: string) {
    super(message);
    this.name = "ProviderNotConfigured";
  }
}

/** Another caller holds the refresh lease and has not finished within the wait. */
export class RefreshInProgress extends ConnectionError {
  readonly kind = "in_progress";
  readonly details: Record<string, never> = {};
  constructor(message: string) {
    super(message);
    this.name = "RefreshInProgress";
  }
}
