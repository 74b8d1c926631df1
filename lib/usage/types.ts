/**
 * What usage counting needs of one proxied request: a structural subset of lib/proxy/observe.ts's
 * TProxySummary, so the proxy core passes its summary as is.
 */
export type TUsageSample = {
  teamId: string;
  connectionId: string | null;
  status: number;
  bytesIn: number;
  bytesOut: number;
  /** null when Patchbay answered itself (refused, throttled, upstream unreachable): counted as a Patchbay error */
  upstreamMs: number | null;
  /** overrides the upstreamMs rule when the proxy core knows better */
  patchbayError?: boolean;
};

export type TUsageCounts = {
  calls: number;
  bytesIn: number;
  bytesOut: number;
  s2xx: number;
  s3xx: number;
  s4xx: number;
  s5xx: number;
  patchbayErrors: number;
};

export const emptyCounts = (): TUsageCounts => ({
  calls: 0,
  bytesIn: 0,
  bytesOut: 0,
  s2xx: 0,
  s3xx: 0,
  s4xx: 0,
  s5xx: 0,
  patchbayErrors: 0,
});
