import { describe, expect, it } from "vitest";
import { safeLocalPath } from "@/lib/http/safe-redirect";

describe("safeLocalPath", () => {
  it.each([
    ["/brands", "/brands"],
    ["/invite/abc?x=1#y", "/invite/abc?x=1#y"],
    ["//evil.example", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example/", "/"],
    ["javascript:alert(1)", "/"],
    ["", "/"],
    [null, "/"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
    ["/.//evil.example", "/"],
    ["/a/..//evil.example", "/"],
    ["/%2e//evil.example", "/"],
  ])("%s → %s", (input, expected) => {
    expect(safeLocalPath(input)).toBe(expected);
  });
});
