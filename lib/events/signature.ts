// Standard Webhooks signing (https://www.standardwebhooks.com): the secret is "whsec_" + base64 of random bytes;
// the signature is base64(HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<body>")), sent as "v1,<sig>" in
// webhook-signature — several space-separated while a rotated secret is still in its overlap window. Signing the
// id and timestamp with the body lets receivers reject replays (a captured request cannot be re-sent later or
// under another id). Tested against the `standardwebhooks` package's verifier.
import crypto from "node:crypto";

const PREFIX = "whsec_";
const SECRET_BYTES = 24;

export function generateSigningSecret(): string {
  return PREFIX + crypto.randomBytes(SECRET_BYTES).toString("base64");
}

function keyOf(secret: string): Buffer {
  if (!secret.startsWith(PREFIX)) throw new Error("not a whsec_ signing secret");
  return Buffer.from(secret.slice(PREFIX.length), "base64");
}

/** "v1,<base64 signature>" for one secret. */
export function signPayload(secret: string, id: string, timestampSeconds: number, body: string): string {
  const mac = crypto
    .createHmac("sha256", keyOf(secret))
    .update(`${id}.${String(timestampSeconds)}.${body}`)
    .digest("base64");
  return `v1,${mac}`;
}

/** The three Standard Webhooks headers; `secrets` newest first (every one signs). */
export function signedHeaders(
  secrets: readonly string[],
  id: string,
  timestampSeconds: number,
  body: string,
): Record<string, string> {
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestampSeconds),
    "webhook-signature": secrets.map((s) => signPayload(s, id, timestampSeconds, body)).join(" "),
  };
}

/** Last characters of a secret, to tell two apart in the UI without revealing either. */
export const secretHint = (secret: string) => `whsec_…${secret.slice(-4)}`;
