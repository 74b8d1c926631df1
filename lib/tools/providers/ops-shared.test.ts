// The pure pieces of the ops tools: the percentile definition (R-7), duration statistics, periods, Gorgias' offset-
// less datetimes, Slack's ok:false and Railway's GraphQL errors turned into tool errors.
import { describe, expect, it } from "vitest";
import { ToolError } from "../tool-error";
import { gorgiasTime } from "./gorgias";
import { durationStats, pageCap, percentile, periodOf } from "./ops-shared";
import { graphqlData } from "./railway";
import { slackOk } from "./slack";

describe("percentile (linear interpolation between closest ranks, h = (n − 1)·p)", () => {
  it("matches hand-computed values", () => {
    expect(percentile([10, 20, 30, 40, 50, 60, 120], 0.5)).toBe(40);
    expect(percentile([10, 20, 30, 40, 50, 60, 120], 0.9)).toBeCloseTo(84, 10);
    expect(percentile([60, 240, 1440, 60], 0.5)).toBe(150); // unsorted input, even count
    expect(percentile([60, 240, 1440, 60], 0.9)).toBeCloseTo(1080, 10);
    expect(percentile([7], 0.9)).toBe(7);
    expect(percentile([], 0.5)).toBeNull();
  });
});

describe("durationStats", () => {
  it("counts what is missing beside, rounds to 2 decimals, nulls with no data", () => {
    expect(durationStats([10, 20, 30, 40, 50, 60, 120], 1)).toEqual({
      count: 7,
      missing: 1,
      median_minutes: 40,
      p90_minutes: 84,
      mean_minutes: 47.14,
    });
    expect(durationStats([], 3)).toEqual({
      count: 0,
      missing: 3,
      median_minutes: null,
      p90_minutes: null,
      mean_minutes: null,
    });
  });
});

describe("periodOf", () => {
  const now = new Date("2026-12-01T12:00:00Z");
  it("dates are 00:00 UTC; the default is the 30 days before now", () => {
    expect(periodOf({ from: "2026-11-01", to: "2026-11-08" }, now)).toEqual({
      from: Date.parse("2026-11-01T00:00:00Z"),
      to: Date.parse("2026-11-08T00:00:00Z"),
    });
    expect(periodOf({}, now)).toEqual({ from: now.getTime() - 30 * 86_400_000, to: now.getTime() });
    expect(periodOf({ from: "2026-11-01T00:00:00+02:00", to: "2026-11-02" }, now).from).toBe(
      Date.parse("2026-10-31T22:00:00Z"),
    );
  });
  it("refuses from ≥ to as a validation error", () => {
    expect(() => periodOf({ from: "2026-11-08", to: "2026-11-01" }, now)).toThrow(
      expect.objectContaining({ code: "validation_failed" }),
    );
  });
});

it("pageCap leaves room for short pages and never goes below the core's default", () => {
  expect(pageCap(100, 100)).toBe(50);
  expect(pageCap(10_000, 100)).toBe(101);
});

it("Gorgias datetimes without an offset are UTC; with one they are kept", () => {
  expect(gorgiasTime("2026-11-01T09:00:00.000000")).toBe(Date.parse("2026-11-01T09:00:00Z"));
  expect(gorgiasTime("2026-11-01T09:00:00+01:00")).toBe(Date.parse("2026-11-01T08:00:00Z"));
  expect(gorgiasTime(null)).toBeNull();
  expect(gorgiasTime("soon")).toBeNull();
});

it("Slack's ok:false is a provider_error with Slack's code; ok:true passes through", () => {
  expect(slackOk("chat.postMessage", { ok: true, ts: "1.2" })).toEqual({ ok: true, ts: "1.2" });
  let err: unknown;
  try {
    slackOk("chat.postMessage", { ok: false, error: "channel_not_found" });
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ToolError);
  expect((err as ToolError).message).toBe(
    "slack chat.postMessage failed: channel_not_found (the channel does not exist or the bot cannot see it).",
  );
});

it("GraphQL errors become a provider_error even beside partial data", () => {
  expect(graphqlData({ data: { me: { id: "1" } } })).toEqual({ me: { id: "1" } });
  expect(() =>
    graphqlData({ data: { project: null }, errors: [{ message: "Project not found", path: ["project"] }] }),
  ).toThrow("railway answered with GraphQL errors: Project not found");
});
