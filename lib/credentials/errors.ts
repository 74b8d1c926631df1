// What a provider can say about a credential, in the domain's words: it refused it (the key, password or service
// account is wrong or lacks access). Input that is malformed before any provider sees it stays a validation error
// at the edge; only this class means "the provider said no", so a stored connection moves to needs_reauth on this
// and on nothing else (a malformed stored parameter is our problem, not the user's credential).
import { DomainError } from "@/lib/domain-error";

export class CredentialRejected extends DomainError {
  readonly kind = "credential_rejected";
  readonly details: Record<string, unknown>;
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = "CredentialRejected";
    this.details = details;
  }
}
