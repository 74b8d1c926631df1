// The endpoint's signing secrets, sealed by the vault and bound to their row and field.
import { aadFor, open, seal } from "@/lib/vault/vault";

export const sealSecret = (
  endpointId: string,
  secret: string,
  field: "secret" | "previousSecret" = "secret",
) => seal(secret, aadFor("WebhookEndpoint", endpointId, field));

export const openSecret = (
  endpointId: string,
  sealed: string,
  field: "secret" | "previousSecret" = "secret",
) => open(sealed, aadFor("WebhookEndpoint", endpointId, field));

/** The secrets that sign right now, newest first: the current one, plus the previous one inside its overlap. */
export function signingSecrets(e: {
  id: string;
  secretSealed: string;
  previousSecretSealed: string | null;
  previousSecretExpiresAt: Date | null;
}): string[] {
  const out = [openSecret(e.id, e.secretSealed)];
  if (e.previousSecretSealed && e.previousSecretExpiresAt && e.previousSecretExpiresAt > new Date())
    out.push(openSecret(e.id, e.previousSecretSealed, "previousSecret"));
  return out;
}
