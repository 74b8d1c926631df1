import { describe, expect, it } from "vitest";
import { pickLocale } from "@/lib/connect-sessions/locale";

describe("pickLocale", () => {
  it("prefers the session's locale", () => expect(pickLocale("de", "en-US,en;q=0.9")).toBe("de"));
  it("follows Accept-Language by q", () => {
    expect(pickLocale(null, "fr-CH, fr;q=0.9, de;q=0.8, en;q=0.7")).toBe("de");
    expect(pickLocale(null, "en;q=0.5, de-AT")).toBe("de");
    expect(pickLocale(null, "de;q=0, en")).toBe("en");
  });
  it("falls back to English", () => {
    expect(pickLocale(null, null)).toBe("en");
    expect(pickLocale(null, "ja, fr")).toBe("en");
    expect(pickLocale(null, ";;;,")).toBe("en");
  });
});
