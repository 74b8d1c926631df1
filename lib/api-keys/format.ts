// API key format: "pbk_" + 32 base62 characters of randomness (~190 bits) + 6 base62 characters of CRC32
// checksum. The prefix makes leaked keys recognisable to secret scanners; the checksum lets us reject typos and
// garbage without touching the database.
import crypto from "node:crypto";
import zlib from "node:zlib";

export const API_KEY_PREFIX = "pbk_";
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BODY_LEN = 32;
const CHECK_LEN = 6;
const KEY_RE = new RegExp(`^${API_KEY_PREFIX}[0-9A-Za-z]{${BODY_LEN + CHECK_LEN}}$`);

function base62(n: number, width: number): string {
  let out = "";
  for (let i = 0; i < width; i++) {
    out = ALPHABET[n % 62]! + out;
    n = Math.floor(n / 62);
  }
  return out;
}

function checksum(body: string): string {
  return base62(zlib.crc32(body), CHECK_LEN);
}

function randomBase62(len: number): string {
  // Rejection sampling keeps every character uniform (256 is not a multiple of 62).
  let out = "";
  while (out.length < len) {
    for (const b of crypto.randomBytes(len * 2)) {
      if (b < 248 && out.length < len) out += ALPHABET[b % 62];
    }
  }
  return out;
}

export function generateApiKey(): string {
  const body = randomBase62(BODY_LEN);
  return `${API_KEY_PREFIX}${body}${checksum(body)}`;
}

export function isWellFormedApiKey(key: string): boolean {
  if (!KEY_RE.test(key)) return false;
  const body = key.slice(API_KEY_PREFIX.length, API_KEY_PREFIX.length + BODY_LEN);
  const given = key.slice(API_KEY_PREFIX.length + BODY_LEN);
  return crypto.timingSafeEqual(Buffer.from(checksum(body)), Buffer.from(given));
}

export function hashApiKey(key: string, secret: string): string {
  return crypto.createHmac("sha256", secret).update(key).digest("hex");
}

/** What lists show: "pbk_3fA9…" and the last four characters. */
export function displayParts(key: string): { prefix: string; last4: string } {
  return { prefix: key.slice(0, API_KEY_PREFIX.length + 4), last4: key.slice(-4) };
}
