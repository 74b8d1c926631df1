// The only path to secrets at rest: AES-256-GCM, a fresh 96-bit IV per seal, and AAD that binds each ciphertext
// to its row and field ("Connection:<id>:credentials") so a ciphertext copied to another row fails to open.
// Format: pbv1.<key id>.<iv>.<ciphertext+tag>, base64url. The newest key in the ring seals; every key opens.
import crypto from "node:crypto";
import { env, type TVaultKey } from "@/lib/env";

export type TAad = `${string}:${string}:${string}`;

export class VaultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "VaultError";
  }
}

const PREFIX = "pbv1";

function ring(): TVaultKey[] {
  return env().vaultKeys;
}

export function activeKeyId(keys = ring()): string {
  return keys[keys.length - 1]!.id;
}

export function seal(plaintext: string, aad: TAad, keys = ring()): string {
  const active = keys[keys.length - 1]!;
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", active.key, iv);
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `${PREFIX}.${active.id}.${iv.toString("base64url")}.${ct.toString("base64url")}`;
}

export function keyIdOf(sealed: string): string | null {
  const parts = sealed.split(".");
  return parts.length === 4 && parts[0] === PREFIX ? parts[1]! : null;
}

/** Throws VaultError — with no hint of the plaintext — when the key is unknown, the AAD differs or bytes changed. */
export function open(sealed: string, aad: TAad, keys = ring()): string {
  const parts = sealed.split(".");
  if (parts.length !== 4 || parts[0] !== PREFIX) throw new VaultError("not a vault ciphertext");
  const [, kid, ivB64, ctB64] = parts as [string, string, string, string];
  const key = keys.find((k) => k.id === kid);
  if (!key) throw new VaultError(`vault key "${kid}" is not configured`);
  const iv = Buffer.from(ivB64, "base64url");
  const body = Buffer.from(ctB64, "base64url");
  if (iv.length !== 12 || body.length < 16) throw new VaultError("malformed vault ciphertext");
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", key.key, iv);
    decipher.setAAD(Buffer.from(aad, "utf8"));
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    throw new VaultError("vault ciphertext failed authentication (wrong row, field or key, or tampered)");
  }
}

/** Seal a JSON value. */
export const sealJson = (value: unknown, aad: TAad) => seal(JSON.stringify(value), aad);
/** Open and parse JSON; callers validate the shape with zod at their boundary. */
export const openJson = (sealed: string, aad: TAad): unknown => JSON.parse(open(sealed, aad)) as unknown;

export const aadFor = (table: string, id: string, field: string): TAad => `${table}:${id}:${field}`;
