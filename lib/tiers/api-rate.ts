// The tier's API rate limit: every /api/v1 call made with an API key counts against the team's `api_rpm`, in a
// fixed one-minute window shared by every instance (lib/rate-limit's counters in PostgreSQL — the same counters
// as the per-key limit, incremented in parallel with it, so the call gains no sequential round trip).
//
// Proxied calls do NOT count here: the proxy routes opt out of defineRoute's limits (`rateLimit: false`); they
// have the tier's monthly quota (proxy-quota.ts) and the team's per-key / per-connection proxy limits
// (lib/proxy-limits), counted in memory so the proxy's hot path writes nothing per request. Counting them here
// too would add a database write to every proxied call and let the free tier's 600 a minute silently undercut
// the team's own proxy settings. Dashboard (session) calls do not count either.
import { AppError } from "@/lib/errors";
import { hitRateLimit, rateLimitHeaders, type TLimitState } from "@/lib/rate-limit/consume";
import { getTeamTier } from "@/lib/tiers/get-team-tier";

const WINDOW_SEC = 60;

export type TTierRateState = TLimitState & { tier: string };

/** Counts one call; null when the team's tier has no API rate limit. Throws 429 `tier_api_rate` past it. */
export async function consumeTierApiRate(teamId: string, now = Date.now()): Promise<TTierRateState | null> {
  const tier = await getTeamTier(teamId);
  if (tier.api_rpm === null) return null;
  const { state, count } = await hitRateLimit(
    `tier:${teamId}`,
    { limit: tier.api_rpm, windowSec: WINDOW_SEC },
    now,
  );
  const s = { ...state, tier: tier.id };
  if (count > tier.api_rpm) {
    const resetsAt = new Date((Math.floor(now / (WINDOW_SEC * 1000)) + 1) * WINDOW_SEC * 1000);
    throw new AppError("rate_limited", {
      message: `This team's ${tier.name} tier allows ${String(tier.api_rpm)} API calls a minute; retry after ${String(s.resetSec)} s.`,
      headers: { "Retry-After": String(s.resetSec), ...tierHeaders(null, s) },
      details: {
        limited_by: "tier_api_rate",
        tier: tier.id,
        limit: tier.api_rpm,
        window_sec: WINDOW_SEC,
        retry_after: s.resetSec,
        resets_at: resetsAt.toISOString(),
      },
    });
  }
  return s;
}

/**
 * RateLimit-* for a call counted by both the per-caller limit and the tier's: Limit / Remaining / Reset of
 * whichever is closer to running out, Policy naming both (as lib/proxy-limits does for its two).
 */
export function tierHeaders(caller: TLimitState | null, tier: TTierRateState | null): Record<string, string> {
  if (!tier) return caller ? rateLimitHeaders(caller) : {};
  const named = [...(caller ? [{ name: "api_key", ...caller }] : []), { name: "tier", ...tier }];
  const shown = named.reduce((a, b) => (b.remaining < a.remaining ? b : a));
  return {
    ...rateLimitHeaders(shown),
    "RateLimit-Policy": named
      .map((s) => `${String(s.limit)};w=${String(s.windowSec)};comment="${s.name}"`)
      .join(", "),
  };
}
