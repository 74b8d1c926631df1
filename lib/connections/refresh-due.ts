// When a token is due for refresh (issue 7, finding C). A fixed margin alone breaks on short lifetimes: with a
// 60 s token and a 600 s margin every connection is "due" on every scheduler tick, on every instance. So a token is
// due when BOTH hold — it expires within the margin, and the given fraction of its lifetime has elapsed — i.e.
// at the later of (expiry − margin) and (issued + 80 % of the lifetime). The lifetime is counted from when the
// current token was obtained (the last refresh, else the authorization), so a token is refreshed at most once per
// 80 % of its lifetime however often anyone asks. SQL twin: findDueForRefresh in repo.ts.

/** Share of a token's lifetime that must have elapsed before it is refreshed (unless forced). */
export const REFRESH_AT_LIFETIME_FRACTION = 0.8;

export type TTokenTimes = {
  tokenExpiresAt: Date | null;
  lastRefreshedAt: Date | null;
  lastAuthorizedAt: Date | null;
};

/** When the current access token was obtained, if known. */
export function tokenIssuedAt(t: TTokenTimes): Date | null {
  const times = [t.lastRefreshedAt, t.lastAuthorizedAt].filter((d): d is Date => d !== null);
  return times.length ? new Date(Math.max(...times.map((d) => d.getTime()))) : null;
}

/** True when the token should be refreshed now; tokens without an expiry never are. */
export function isRefreshDue(t: TTokenTimes, marginMs: number, now = Date.now()): boolean {
  if (!t.tokenExpiresAt) return false;
  const remaining = t.tokenExpiresAt.getTime() - now;
  const issued = tokenIssuedAt(t);
  const lifetime = issued ? Math.max(0, t.tokenExpiresAt.getTime() - issued.getTime()) : Infinity;
  return remaining <= Math.min(marginMs, Math.round((1 - REFRESH_AT_LIFETIME_FRACTION) * lifetime));
}
