// The real retry schedule (tests elsewhere shrink it with PATCHBAY_EVENTS_RETRY_SCALE; here it is computed at 1).
import { describe, expect, it } from "vitest";
import { classifyResponse } from "./deliver-event";
import { MAX_ATTEMPTS, nextRetryDelaySeconds, parseRetryAfter, retryScale } from "./retry-schedule";

describe("retry schedule", () => {
  it("is 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h — then dead after 8 attempts, about a day in all", () => {
    const delays = [];
    for (let made = 1; ; made++) {
      const d = nextRetryDelaySeconds(made, undefined, 1);
      if (d === null) break;
      delays.push(d);
    }
    expect(delays).toEqual([5, 300, 1800, 7200, 18000, 36000, 36000]);
    expect(MAX_ATTEMPTS).toBe(8);
    const hours = delays.reduce((a, b) => a + b, 0) / 3600;
    expect(hours).toBeGreaterThan(24);
    expect(hours).toBeLessThan(30);
  });

  it("Retry-After replaces the step (capped at 6 h) but still uses up an attempt", () => {
    expect(nextRetryDelaySeconds(1, 120, 1)).toBe(120);
    expect(nextRetryDelaySeconds(3, 0, 1)).toBe(0);
    expect(nextRetryDelaySeconds(2, 10 * 86400, 1)).toBe(6 * 3600);
    expect(nextRetryDelaySeconds(8, 5, 1)).toBeNull();
  });

  it("the test scale shrinks the schedule, and only a valid value counts", () => {
    expect(nextRetryDelaySeconds(2, undefined, 0.001)).toBeCloseTo(0.3);
    expect(retryScale({ PATCHBAY_EVENTS_RETRY_SCALE: "0.01" })).toBe(0.01);
    expect(retryScale({ PATCHBAY_EVENTS_RETRY_SCALE: "7" })).toBe(1);
    expect(retryScale({ PATCHBAY_EVENTS_RETRY_SCALE: "" })).toBe(1);
    expect(retryScale({})).toBe(1);
  });

  it("parses Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2026-12-01T10:00:00Z");
    expect(parseRetryAfter("30", now)).toBe(30);
    expect(parseRetryAfter("Tue, 01 Dec 2026 10:02:00 GMT", now)).toBe(120);
    expect(parseRetryAfter("Tue, 01 Dec 2026 09:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it("classifies answers: 2xx delivered, 429/5xx/408 retried, other 4xx refused for good", () => {
    expect(classifyResponse(204, null)).toMatchObject({ outcome: "delivered" });
    expect(classifyResponse(429, "7")).toMatchObject({
      outcome: "rate_limited",
      retryable: true,
      retryAfterSeconds: 7,
    });
    expect(classifyResponse(503, "9")).toMatchObject({ retryable: true, retryAfterSeconds: 9 });
    expect(classifyResponse(500, "9")).toMatchObject({ retryable: true });
    expect(classifyResponse(500, "9").retryAfterSeconds).toBeUndefined();
    expect(classifyResponse(408, null)).toMatchObject({ retryable: true });
    expect(classifyResponse(404, null)).toMatchObject({ retryable: false });
    expect(classifyResponse(410, null)).toMatchObject({ retryable: false });
  });
});
