import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import type { TVaultKey } from "@/lib/env";
import { vaultKeysProblem } from "@/lib/env";
import { aadFor, keyIdOf, open, seal, VaultError } from "@/lib/vault/vault";

const k = (id: string): TVaultKey => ({ id, key: crypto.randomBytes(32) });

describe("vault", () => {
  const k1 = k("k1");
  const k2 = k("k2");
  const aad = aadFor("Connection", "c1", "credentials");

  it("round-trips with a fresh IV each time and the newest key", () => {
    const a = seal("s3cret-token", aad, [k1, k2]);
    const b = seal("s3cret-token", aad, [k1, k2]);
    expect(a).not.toBe(b);
    expect(a).not.toContain("s3cret");
    expect(keyIdOf(a)).toBe("k2");
    expect(open(a, aad, [k1, k2])).toBe("s3cret-token");
  });

  it("opens with older keys after rotation; refuses unknown keys", () => {
    const old = seal("v", aad, [k1]);
    expect(open(old, aad, [k1, k2])).toBe("v");
    expect(() => open(old, aad, [k2])).toThrow(/not configured/);
  });

  it("a ciphertext moved to another row or field, or tampered with, fails to open", () => {
    const sealed = seal("v", aad, [k1]);
    expect(() => open(sealed, aadFor("Connection", "c2", "credentials"), [k1])).toThrow(VaultError);
    expect(() => open(sealed, aadFor("Connection", "c1", "other"), [k1])).toThrow(VaultError);
    const parts = sealed.split(".");
    const body = Buffer.from(parts[3]!, "base64url");
    body[0] = body[0]! ^ 1;
    expect(() => open([...parts.slice(0, 3), body.toString("base64url")].join("."), aad, [k1])).toThrow(
      VaultError,
    );
    expect(() => open("plaintext", aad, [k1])).toThrow(VaultError);
  });

  it("rejects missing, short and weak keys by description only", () => {
    expect(vaultKeysProblem(`k1:${crypto.randomBytes(32).toString("base64")}`)).toBeNull();
    expect(vaultKeysProblem(`k1:${crypto.randomBytes(16).toString("base64")}`)).toMatch(/32 bytes/);
    const weak = Buffer.alloc(32, 7).toString("base64");
    expect(vaultKeysProblem(`k1:${weak}`)).toMatch(/too weak/);
    expect(vaultKeysProblem(`k1:${weak}`)).not.toContain(weak);
    expect(vaultKeysProblem("nonsense")).toMatch(/<id>:<base64 key>/);
    const dup = `a:${crypto.randomBytes(32).toString("base64")},a:${crypto.randomBytes(32).toString("base64")}`;
    expect(vaultKeysProblem(dup)).toMatch(/twice/);
  });
});
