import { describe, expect, it } from "vitest";
import { tierHeaders } from "@/lib/tiers/api-rate";
import { monthOf } from "@/lib/tiers/proxy-quota";

describe("monthOf (the quota's calendar month, UTC)", () => {
  it("names the month and resets on the first of the next, across a year end and at the edges", () => {
    expect(monthOf(Date.parse("2026-12-31T23:59:59.999Z"))).toEqual({
      month: "2026-12",
      start: new Date("2026-12-01T00:00:00Z"),
      resetsAt: new Date("2027-01-01T00:00:00Z"),
    });
    expect(monthOf(Date.parse("2027-01-01T00:00:00Z")).month).toBe("2027-01");
    expect(monthOf(Date.parse("2028-02-29T12:00:00Z")).resetsAt.toISOString()).toBe(
      "2028-03-01T00:00:00.000Z",
    );
  });
});

describe("tierHeaders", () => {
  const key = { limit: 600, remaining: 590, resetSec: 20, windowSec: 60 };
  it("shows whichever limit is closer to running out and names both in the policy", () => {
    const h = tierHeaders(key, { limit: 100, remaining: 5, resetSec: 20, windowSec: 60, tier: "free" });
    expect(h["RateLimit-Limit"]).toBe("100");
    expect(h["RateLimit-Remaining"]).toBe("5");
    expect(h["RateLimit-Policy"]).toBe('600;w=60;comment="api_key", 100;w=60;comment="tier"');
    expect(tierHeaders(key, null)).toEqual({
      "RateLimit-Limit": "600",
      "RateLimit-Remaining": "590",
      "RateLimit-Reset": "20",
      "RateLimit-Policy": "600;w=60",
    });
  });
});
