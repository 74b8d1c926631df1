import { describe, expect, it } from "vitest";
import { isRefreshDue } from "./refresh-due";

const S = 1000;
const MARGIN = 600 * S;
const t0 = Date.parse("2026-12-01T08:00:00Z");
const token = (lifetimeMs: number, issuedAt = t0, refreshed = false) => ({
  tokenExpiresAt: new Date(issuedAt + lifetimeMs),
  lastAuthorizedAt: refreshed ? new Date(t0 - 3600 * S) : new Date(issuedAt),
  lastRefreshedAt: refreshed ? new Date(issuedAt) : null,
});

describe("isRefreshDue (finding C)", () => {
  it("a 60 s token with a 600 s margin is due at 80 % of its lifetime, not at once", () => {
    const t = token(60 * S);
    expect(isRefreshDue(t, MARGIN, t0 + 1 * S)).toBe(false);
    expect(isRefreshDue(t, MARGIN, t0 + 47 * S)).toBe(false);
    expect(isRefreshDue(t, MARGIN, t0 + 48 * S)).toBe(true);
  });

  it("counts the lifetime from the last refresh, so a fresh token is not due again", () => {
    const t = token(60 * S, t0 + 48 * S, true);
    expect(isRefreshDue(t, MARGIN, t0 + 49 * S)).toBe(false);
    expect(isRefreshDue(t, MARGIN, t0 + 96 * S)).toBe(true);
  });

  it("a long-lived token is due at the margin (the later of the two)", () => {
    const t = token(3600 * S);
    expect(isRefreshDue(t, MARGIN, t0 + 2880 * S)).toBe(false); // 80 % elapsed, but 720 s left
    expect(isRefreshDue(t, MARGIN, t0 + 3000 * S)).toBe(true);
  });

  it("expired tokens are due, tokens without an expiry never", () => {
    expect(isRefreshDue({ ...token(60 * S), tokenExpiresAt: new Date(t0 - S) }, MARGIN, t0)).toBe(true);
    expect(isRefreshDue({ ...token(60 * S), tokenExpiresAt: null }, MARGIN, t0)).toBe(false);
  });

  it("without an issue time the margin alone decides", () => {
    const t = { tokenExpiresAt: new Date(t0 + 60 * S), lastAuthorizedAt: null, lastRefreshedAt: null };
    expect(isRefreshDue(t, MARGIN, t0)).toBe(true);
    expect(isRefreshDue(t, 30 * S, t0)).toBe(false);
  });
});
