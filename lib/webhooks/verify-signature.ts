// The one verifier for every provider's webhook signature, driven by the provider entry's `webhooks.signature`
// (lib/providers/schemas.ts). It works on the raw body bytes as received — never on re-serialised JSON — and
// fails closed: no secret, no signature header, a malformed header, a timestamp outside the window or no
// matching MAC are each a rejection with a reason (never which secret or what was expected).
//
// Every configured secret is tried (several exist while one rolls) against every signature the header carries
// (Stripe sends several v1 while an endpoint secret rolls); each comparison is constant-time (lib/vault's
// safeEqual hashes both sides first), and all of them run, so timing says nothing about which secret matched.
// Ed25519 (Discord) is a public-key check: each configured public key is tried (no secret is involved).
import crypto from "node:crypto";
import type { TWebhookSignature } from "@/lib/providers/schemas";
import { safeEqual } from "@/lib/vault/safe-equal";
import { readPath } from "./read-field";

export type TVerifyRequest = {
  rawBody: Buffer;
  headers: Headers;
  method: string;
  /** The URL the provider called, as it knows it (HubSpot signs it): our public origin + path + query. */
  url: string;
  secrets: readonly string[];
  /** ms since epoch; injectable for tests. */
  now?: number;
};

export type TVerifyFailure =
  | "no_secret"
  | "missing_signature"
  | "malformed_signature"
  | "missing_timestamp"
  | "stale_timestamp"
  | "bad_signature";

export type TVerifyOutcome = { ok: true } | { ok: false; reason: TVerifyFailure };

export const VERIFY_FAILURE_MESSAGES: Record<TVerifyFailure, string> = {
  no_secret:
    "No webhook secret is configured for this provider app, so no delivery can be verified (fail closed). Add the signing secret in the provider's settings in Patchbay.",
  missing_signature: "The signature header is missing.",
  malformed_signature: "The signature header is not in the provider's format.",
  missing_timestamp: "The signed timestamp is missing or unreadable.",
  stale_timestamp: "The signed timestamp is outside the allowed window (a replay or a skewed clock).",
  bad_signature:
    "The signature does not match the body (forged, altered in transit, or signed with another secret).",
};

const fail = (reason: TVerifyFailure): TVerifyOutcome => ({ ok: false, reason });

/** Seconds or milliseconds since the epoch, or an ISO 8601 date (Zendesk). Null when unreadable. */
export function parseTimestamp(raw: string, unit: "s" | "ms"): number | null {
  const v = raw.trim();
  if (/^\d{1,16}(\.\d+)?$/.test(v)) {
    const n = Number(v);
    return unit === "ms" ? n : n * 1000;
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(v)) {
    const t = Date.parse(v);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}

type TParsedHeader = { signatures: string[]; timestamp?: string };

function parseHeader(sig: TWebhookSignature, value: string): TParsedHeader | null {
  if (sig.format.type === "plain") {
    const prefix = sig.format.prefix;
    if (prefix && !value.startsWith(prefix)) return null;
    const rest = value.slice(prefix.length).trim();
    return rest ? { signatures: [rest] } : null;
  }
  const signatures: string[] = [];
  let timestamp: string | undefined;
  for (const part of value.split(",")) {
    const i = part.indexOf("=");
    if (i <= 0) continue;
    const k = part.slice(0, i).trim();
    const v = part.slice(i + 1).trim();
    if (k === sig.format.signatureKey && v) signatures.push(v);
    else if (k === sig.format.timestampKey) timestamp = v;
  }
  return signatures.length ? { signatures, ...(timestamp !== undefined ? { timestamp } : {}) } : null;
}

/** The exact bytes the provider signed: the template with {body} replaced by the raw body, not a string copy. */
function signedBytes(template: string, body: Buffer, values: Record<string, string>): Buffer {
  const fill = (s: string) => s.replace(/\{(timestamp|method|url)\}/g, (_, k: string) => values[k] ?? "");
  const parts = template.split("{body}");
  const chunks: Buffer[] = [];
  parts.forEach((p, i) => {
    if (i > 0) chunks.push(body);
    if (p) chunks.push(Buffer.from(fill(p), "utf8"));
  });
  return Buffer.concat(chunks);
}

function withinWindow(ms: number, toleranceSeconds: number, now: number): boolean {
  return Math.abs(now - ms) <= toleranceSeconds * 1000;
}

function hmacMatches(sig: TWebhookSignature, secrets: string[], signatures: string[], message: Buffer) {
  const algorithm = sig.algorithm === "hmac-sha1" ? "sha1" : "sha256";
  const given = signatures.map((s) => (sig.encoding === "hex" ? s.toLowerCase() : s));
  let matched = false;
  for (const secret of secrets) {
    const expected = crypto.createHmac(algorithm, secret).update(message).digest(sig.encoding);
    for (const g of given) if (safeEqual(expected, g)) matched = true;
  }
  return matched;
}

// The DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it.
const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

/** A 64-hex-digit Ed25519 public key as a KeyObject; null when it is not one. */
export function ed25519PublicKey(hex: string): crypto.KeyObject | null {
  if (!/^[0-9a-fA-F]{64}$/.test(hex.trim())) return null;
  try {
    return crypto.createPublicKey({
      key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex.trim(), "hex")]),
      format: "der",
      type: "spki",
    });
  } catch {
    return null;
  }
}

function ed25519Matches(publicKeys: string[], signatures: string[], message: Buffer) {
  let matched = false;
  for (const hex of publicKeys) {
    const key = ed25519PublicKey(hex);
    if (!key) continue;
    for (const s of signatures) {
      if (!/^[0-9a-fA-F]{128}$/.test(s)) continue;
      if (crypto.verify(null, message, key, Buffer.from(s, "hex"))) matched = true;
    }
  }
  return matched;
}

export function verifySignature(sig: TWebhookSignature, req: TVerifyRequest): TVerifyOutcome {
  const secrets = req.secrets.filter((s) => s.length > 0);
  if (secrets.length === 0) return fail("no_secret");
  const headerValue = req.headers.get(sig.header);
  if (!headerValue) return fail("missing_signature");
  const parsed = parseHeader(sig, headerValue);
  if (!parsed) return fail("malformed_signature");
  const now = req.now ?? Date.now();

  // Header and signature timestamps are checked before any MAC; a body timestamp only after (it is inside what
  // is signed, so it may be read only once the body is authentic).
  let timestamp = "";
  const ts = sig.timestamp;
  if (ts && ts.from !== "body") {
    const raw = ts.from === "header" ? req.headers.get(ts.name ?? "") : parsed.timestamp;
    const ms = raw ? parseTimestamp(raw, ts.unit) : null;
    if (raw === null || raw === undefined || ms === null) return fail("missing_timestamp");
    if (!withinWindow(ms, ts.toleranceSeconds, now)) return fail("stale_timestamp");
    timestamp = raw;
  }

  const message = signedBytes(sig.signedPayload, req.rawBody, {
    timestamp,
    method: req.method.toUpperCase(),
    url: req.url,
  });
  const matched =
    sig.algorithm === "ed25519"
      ? ed25519Matches(secrets, parsed.signatures, message)
      : hmacMatches(sig, secrets, parsed.signatures, message);
  if (!matched) return fail("bad_signature");

  if (ts?.from === "body") {
    let body: unknown;
    try {
      body = JSON.parse(req.rawBody.toString("utf8"));
    } catch {
      return fail("missing_timestamp");
    }
    const raw = readPath(body, ts.name ?? "");
    const ms = raw ? parseTimestamp(raw, ts.unit) : null;
    if (ms === null) return fail("missing_timestamp");
    if (!withinWindow(ms, ts.toleranceSeconds, now)) return fail("stale_timestamp");
  }
  return { ok: true };
}
