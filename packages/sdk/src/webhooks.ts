// Verifying Patchbay's outbound events (Standard Webhooks, https://www.standardwebhooks.com): the signature is
// base64(HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<raw body>")) sent as "v1,<sig>" in
// webhook-signature (several, space-separated, while a rotated secret is still signing); the key is the base64
// after "whsec_". WebCrypto only (globalThis.crypto.subtle), so it runs in browsers, workers and Node 20 alike.
// The comparison is crypto.subtle.verify, which compares in constant time; the timestamp must be within the
// tolerance either way, so a captured delivery cannot be replayed later.

export type WebhookEvent<T = Record<string, unknown>> = {
  /** the event id — the same as webhook-id, stable across retries and replays: dedupe on it */
  id: string;
  /** connection.created, connection.refresh_failed, webhook.received, endpoint.test, … */
  type: string;
  timestamp: string;
  data: T;
};

/** Fetch API Headers, or a plain record such as Node's IncomingHttpHeaders (keys in any case). */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

export type VerifyWebhookInput = {
  /** The raw request body exactly as received (not re-serialized JSON: any byte changed breaks the signature). */
  payload: string | Uint8Array | ArrayBuffer;
  headers: WebhookHeaders;
  /** The endpoint's signing secret ("whsec_…"); several while you roll it. */
  secret: string | readonly string[];
  /** Allowed clock difference in seconds, both ways (default 300). */
  toleranceSeconds?: number;
  /** "Now" in Unix seconds (tests). */
  now?: number;
};

export type WebhookVerificationReason =
  | "missing_headers"
  | "invalid_timestamp"
  | "timestamp_too_old"
  | "timestamp_too_new"
  | "invalid_secret"
  | "no_matching_signature"
  | "invalid_payload";

export class WebhookVerificationError extends Error {
  override readonly name = "WebhookVerificationError";
  constructor(
    readonly reason: WebhookVerificationReason,
    message: string,
  ) {
    super(message);
  }
}

const SECRET_PREFIX = "whsec_";
const DEFAULT_TOLERANCE_S = 5 * 60;

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const rec = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(rec).find((k) => k.toLowerCase() === name);
  const v = key === undefined ? undefined : rec[key];
  return Array.isArray(v) ? v.join(" ") : v;
}

/** Standard base64 (and base64url) to bytes, or null when it is not base64. */
export function base64ToBytes(s: string): Uint8Array<ArrayBuffer> | null {
  const std = s.replace(/-/g, "+").replace(/_/g, "/");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(std)) return null;
  try {
    const bin = atob(std.padEnd(Math.ceil(std.length / 4) * 4, "="));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

function payloadBytes(payload: VerifyWebhookInput["payload"]): Uint8Array {
  if (typeof payload === "string") return new TextEncoder().encode(payload);
  if (payload instanceof Uint8Array) return payload;
  return new Uint8Array(payload);
}

async function hmacKey(secret: string): Promise<CryptoKey> {
  const raw = base64ToBytes(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret);
  if (!raw || raw.length === 0)
    throw new WebhookVerificationError("invalid_secret", "The signing secret is not a whsec_ base64 secret.");
  return crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["verify", "sign"]);
}

/**
 * Checks a delivery's signature and timestamp and returns the parsed event; throws WebhookVerificationError
 * (with a `reason`) otherwise. Answer a failed verification with 400/401 and do not act on the body.
 */
export async function verifyWebhook<T = Record<string, unknown>>(
  input: VerifyWebhookInput,
): Promise<WebhookEvent<T>> {
  const id = header(input.headers, "webhook-id");
  const timestamp = header(input.headers, "webhook-timestamp");
  const signature = header(input.headers, "webhook-signature");
  if (!id || !timestamp || !signature)
    throw new WebhookVerificationError(
      "missing_headers",
      "webhook-id, webhook-timestamp and webhook-signature are required.",
    );
  if (!/^\d{1,15}$/.test(timestamp))
    throw new WebhookVerificationError("invalid_timestamp", "webhook-timestamp is not Unix seconds.");
  const now = input.now ?? Math.floor(Date.now() / 1000);
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_S;
  const ts = Number(timestamp);
  if (now - ts > tolerance)
    throw new WebhookVerificationError("timestamp_too_old", "The delivery is older than the tolerance.");
  if (ts - now > tolerance)
    throw new WebhookVerificationError("timestamp_too_new", "The delivery's timestamp is in the future.");

  const body = payloadBytes(input.payload);
  const prefix = new TextEncoder().encode(`${id}.${timestamp}.`);
  const signed = new Uint8Array(prefix.length + body.length);
  signed.set(prefix, 0);
  signed.set(body, prefix.length);

  const given = signature
    .split(" ")
    .map((entry) => entry.split(","))
    .filter(([version, sig]) => version === "v1" && sig)
    .map(([, sig]) => base64ToBytes(sig!))
    .filter((b): b is Uint8Array<ArrayBuffer> => b !== null);
  const secrets = typeof input.secret === "string" ? [input.secret] : input.secret;
  if (secrets.length === 0) throw new WebhookVerificationError("invalid_secret", "No signing secret given.");

  let matched = false;
  for (const secret of secrets) {
    const key = await hmacKey(secret);
    for (const sig of given) {
      // Every candidate is checked (no early exit inside the loop over one key's signatures).
      if (await crypto.subtle.verify("HMAC", key, sig, signed)) matched = true;
    }
  }
  if (!matched)
    throw new WebhookVerificationError(
      "no_matching_signature",
      "No v1 signature matches this payload and secret.",
    );

  try {
    return JSON.parse(new TextDecoder().decode(body)) as WebhookEvent<T>;
  } catch {
    throw new WebhookVerificationError("invalid_payload", "The signed payload is not JSON.");
  }
}

/** Signs a payload the way Patchbay does (for tests of your receiver): the three Standard Webhooks headers. */
export async function signWebhook(input: {
  id: string;
  payload: string;
  secret: string;
  timestamp?: number;
}): Promise<Record<"webhook-id" | "webhook-timestamp" | "webhook-signature", string>> {
  const ts = String(input.timestamp ?? Math.floor(Date.now() / 1000));
  const key = await hmacKey(input.secret);
  const mac = await crypto.subtle.sign(
    "HMAC",
    key,
    new TextEncoder().encode(`${input.id}.${ts}.${input.payload}`),
  );
  let bin = "";
  for (const b of new Uint8Array(mac)) bin += String.fromCharCode(b);
  return { "webhook-id": input.id, "webhook-timestamp": ts, "webhook-signature": `v1,${btoa(bin)}` };
}
