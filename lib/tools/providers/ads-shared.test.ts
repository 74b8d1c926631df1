// The shared ads definitions: the default period, and ROAS with zero spend.
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { campaignPerformance, resolvePeriod, roas } from "./ads-shared";

const at = (iso: string) => ({ now: () => new Date(iso) });

describe("resolvePeriod", () => {
  it("defaults to the 30 days ending yesterday (UTC), inclusive", () => {
    expect(resolvePeriod(at("2026-12-01T10:00:00Z"), {})).toEqual({
      since: "2026-11-01",
      until: "2026-11-30",
    });
    expect(resolvePeriod(at("2026-03-01T00:30:00Z"), {})).toEqual({
      since: "2026-01-30",
      until: "2026-02-28",
    });
  });
  it("keeps what is given; a reversed or too long period is a 422", () => {
    expect(resolvePeriod(at("2026-12-01T10:00:00Z"), { since: "2026-11-03", until: "2026-11-03" })).toEqual({
      since: "2026-11-03",
      until: "2026-11-03",
    });
    const reversed = (() => {
      try {
        resolvePeriod(at("2026-12-01T10:00:00Z"), { since: "2026-11-04", until: "2026-11-03" });
      } catch (e) {
        return e;
      }
    })();
    expect(reversed).toBeInstanceOf(AppError);
    expect((reversed as AppError).code).toBe("validation_failed");
    expect(() =>
      resolvePeriod(at("2026-12-01T10:00:00Z"), { since: "2020-01-01", until: "2026-01-01" }),
    ).toThrow(/at most 400/);
  });
});

describe("roas", () => {
  it("is value / spend to 4 decimals, null (not 0, not Infinity) without spend", () => {
    expect(roas(55_150, 15_050)).toBe(3.6645);
    expect(roas(3_500, 0)).toBeNull();
    expect(roas(0, 7_525)).toBe(0);
  });
  it("totals are total value / total spend; an all-zero-spend list says so and has a null total ROAS", () => {
    const out = campaignPerformance(
      [
        { id: "1", name: "A", spendCents: 0, impressions: 0, clicks: 0, conversions: 1, valueCents: 1_000 },
        { id: "2", name: null, spendCents: 0, impressions: 5, clicks: 0, conversions: 0, valueCents: 0 },
      ],
      { since: "2026-11-01", until: "2026-11-03", currency: "EUR", partial: false, pages: 1 },
    );
    expect(out.totals).toMatchObject({ spend: 0, conversion_value: 10, roas: null });
    expect(out.notes).toEqual([
      "ROAS is null for 2 campaign(s) with zero spend in the period: A (1), (unnamed) (2).",
    ]);
  });
});
