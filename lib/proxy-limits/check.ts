// The proxy's rate limits: per API key and per connection, each a team setting (team-limits.ts), counted in
// memory per instance (window-counter.ts). Every proxied response carries the RateLimit-* fields of
// draft-ietf-httpapi-ratelimit-headers-06 (as lib/rate-limit does for the rest of the API): Limit / Remaining /
// Reset describe whichever of the two limits is closer to running out; Policy lists both.
import { AppError } from "@/lib/errors";
import { getTeamProxyLimits } from "@/lib/proxy-limits/team-limits";
import { countInWindow, peekWindow, type TWindowState } from "@/lib/proxy-limits/window-counter";

export type TProxyLimitInput = {
  teamId: string;
  /** null for a signed-in user (the dashboard's API console): only the connection limit applies */
  apiKeyId: string | null;
  connectionId: string;
};

export type TProxyLimitResult = {
  allowed: boolean;
  /** set on every response, refused or not */
  headers: Record<string, string>;
  /** when refused: seconds until the refusing window ends (also in headers as Retry-After) */
  retryAfterSeconds?: number;
  limitedBy?: "api_key" | "connection";
};

type TNamed = TWindowState & { name: "api_key" | "connection" };

const tighter = (a: TNamed, b: TNamed) =>
  a.remaining < b.remaining || (a.remaining === b.remaining && a.resetSec >= b.resetSec) ? a : b;

/** Counts the request against both limits if both have room; otherwise counts nothing and refuses. */
export async function checkProxyRateLimit(
  input: TProxyLimitInput,
  now = Date.now(),
): Promise<TProxyLimitResult> {
  const limits = await getTeamProxyLimits(input.teamId);
  const connKey = `c:${input.teamId}:${input.connectionId}`;
  const keyKey = input.apiKeyId ? `k:${input.teamId}:${input.apiKeyId}` : null;
  const states: TNamed[] = [{ name: "connection", ...peekWindow(connKey, limits.connection_rpm, now) }];
  if (keyKey) states.unshift({ name: "api_key", ...peekWindow(keyKey, limits.key_rpm, now) });

  const refused = states.find((s) => s.remaining === 0);
  if (!refused) {
    countInWindow(connKey, now);
    if (keyKey) countInWindow(keyKey, now);
    for (const s of states) s.remaining--;
  }
  const shown = refused ?? states.reduce(tighter);
  const headers: Record<string, string> = {
    "RateLimit-Limit": String(shown.limit),
    "RateLimit-Remaining": String(shown.remaining),
    "RateLimit-Reset": String(shown.resetSec),
    "RateLimit-Policy": states.map((s) => `${s.limit};w=${s.windowSec};comment="${s.name}"`).join(", "),
  };
  if (!refused) return { allowed: true, headers };
  headers["Retry-After"] = String(refused.resetSec);
  return { allowed: false, headers, retryAfterSeconds: refused.resetSec, limitedBy: refused.name };
}

/** The refusal in our error shape, with the result's headers (for the proxy core to throw). */
export function proxyRateLimitError(result: TProxyLimitResult): AppError {
  const who = result.limitedBy === "api_key" ? "this API key" : "this connection";
  return new AppError("rate_limited", {
    message: `The proxy rate limit of ${who} is reached; retry after ${String(result.retryAfterSeconds)} s.`,
    headers: result.headers,
    details: { retry_after: result.retryAfterSeconds, limited_by: result.limitedBy },
  });
}
