import { describe, expect, it } from "vitest";
import { scrubSecrets } from "./scrub-secret";

const KEY = "sk_live_ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

describe("scrubSecrets", () => {
  it("removes the whole secret", () => {
    expect(scrubSecrets(`bad key ${KEY}!`, [KEY])).toBe("bad key [redacted]!");
  });

  it("removes any 20+ character run shared with the secret, merging overlaps", () => {
    const partial = KEY.slice(4, 30);
    expect(scrubSecrets(`saw '${partial}...'`, [KEY])).toBe("saw '[redacted]...'");
  });

  it("ignores case", () => {
    expect(scrubSecrets(`KEY=${KEY.toLowerCase()}`, [KEY])).toBe("KEY=[redacted]");
  });

  it("leaves masked echoes and short shared runs alone", () => {
    const masked = `sk_live_${"*".repeat(22)}2345`;
    expect(scrubSecrets(`Invalid API Key provided: ${masked}`, [KEY])).toBe(
      `Invalid API Key provided: ${masked}`,
    );
    expect(scrubSecrets(`prefix ${KEY.slice(0, 19)}`, [KEY])).toBe(`prefix ${KEY.slice(0, 19)}`);
  });

  it("removes a short secret only where it appears in full", () => {
    expect(scrubSecrets("token hunter2 rejected", ["hunter2"])).toBe("token [redacted] rejected");
    expect(scrubSecrets("anything", [""])).toBe("anything");
  });
});
