import { describe, expect, it } from "vitest";
import { displayParts, generateApiKey, hashApiKey, isWellFormedApiKey } from "@/lib/api-keys/format";

describe("API key format", () => {
  it("has a prefix, 32 random base62 characters and a checksum that validates", () => {
    const keys = new Set(Array.from({ length: 200 }, generateApiKey));
    expect(keys.size).toBe(200);
    for (const k of keys) {
      expect(k).toMatch(/^pbk_[0-9A-Za-z]{38}$/);
      expect(isWellFormedApiKey(k)).toBe(true);
    }
  });

  it("rejects any single-character change, wrong prefix or length", () => {
    const k = generateApiKey();
    let caught = 0;
    for (let i = 4; i < k.length; i++) {
      const c = k[i] === "A" ? "B" : "A";
      if (!isWellFormedApiKey(k.slice(0, i) + c + k.slice(i + 1))) caught++;
    }
    expect(caught).toBe(k.length - 4);
    expect(isWellFormedApiKey(`pbx_${k.slice(4)}`)).toBe(false);
    expect(isWellFormedApiKey(k.slice(0, -1))).toBe(false);
    expect(isWellFormedApiKey(`${k}0`)).toBe(false);
  });

  it("hashes with the server secret and shows only prefix and last 4", () => {
    const k = generateApiKey();
    expect(hashApiKey(k, "a".repeat(32))).not.toBe(hashApiKey(k, "b".repeat(32)));
    expect(hashApiKey(k, "a".repeat(32))).toMatch(/^[0-9a-f]{64}$/);
    expect(displayParts(k)).toEqual({ prefix: k.slice(0, 8), last4: k.slice(-4) });
  });
});
