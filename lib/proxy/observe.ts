// The observer seam: one summary per proxied request, handed to every listener once the response is finished
// (body streamed to the end, cancelled, or an error answered). Usage counting and metrics subscribe here; the
// proxy itself knows nothing of them. Listeners live on globalThis because Next bundles instrumentation and each
// route separately — a module-level array would be a different array in each bundle.
import { log } from "@/lib/log";
import { observeProxy } from "@/lib/metrics/observe";
import { recordProxyUsage } from "@/lib/usage/record-proxy-usage";

export type TProxyOutcome =
  /** the provider answered (any status, passed through) */
  | "upstream"
  /** Patchbay refused or failed before or instead of calling the provider (unusable connection, bad path …) */
  | "patchbay_error"
  /** the per-connection throttle refused: the provider's quota would have been exceeded */
  | "throttled"
  /** the provider could not be reached (connect error, timeout) */
  | "unreachable"
  /** the outbound guard refused the target */
  | "blocked"
  /** the caller went away before the response was complete */
  | "cancelled";

export type TProxySummary = {
  requestId: string;
  teamId: string;
  connectionId: string | null;
  provider: string | null;
  method: string;
  /** what the caller got: the provider's status, or ours */
  status: number;
  outcome: TProxyOutcome;
  /** whole request, from entry to the last byte sent (or the error) */
  ms: number;
  /** from the last attempt's dispatch to the provider's response headers; null when it was never called */
  upstreamMs: number | null;
  retries: number;
  /** time spent queued by the throttle */
  throttledMs: number;
  /** request body bytes sent upstream (last attempt), response body bytes sent to the caller */
  bytesIn: number;
  bytesOut: number;
  apiKeyId: string | null;
};

export type TProxyListener = (summary: TProxySummary) => void;

const KEY = Symbol.for("patchbay.proxy.listeners");
type TGlobal = typeof globalThis & { [KEY]?: Set<TProxyListener> };

function listeners(): Set<TProxyListener> {
  const g = globalThis as TGlobal;
  if (!g[KEY]) {
    g[KEY] = new Set();
    // Built in, once per process: the log line, Prometheus metrics and the per-day usage counters.
    g[KEY].add(logSummary);
    g[KEY].add(observeProxy);
    g[KEY].add(recordProxyUsage);
  }
  return g[KEY];
}

/** Subscribes to every proxied request's summary; returns the unsubscribe function. */
export function onProxyComplete(listener: TProxyListener): () => void {
  listeners().add(listener);
  return () => listeners().delete(listener);
}

/** Called by the proxy once per request. A listener that throws is logged and never breaks the others. */
export function emitProxyComplete(summary: TProxySummary): void {
  for (const l of listeners()) {
    try {
      l(summary);
    } catch (err) {
      log.warn("proxy listener failed", { requestId: summary.requestId, error: err });
    }
  }
}

/** The proxy's own listener: one structured line per request, ids and numbers only (no URL, query or header). */
function logSummary(s: TProxySummary): void {
  log.info("proxy", {
    requestId: s.requestId,
    connectionId: s.connectionId,
    provider: s.provider,
    method: s.method,
    status: s.status,
    outcome: s.outcome,
    ms: s.ms,
    upstreamMs: s.upstreamMs,
    retries: s.retries,
    throttledMs: s.throttledMs,
    bytesIn: s.bytesIn,
    bytesOut: s.bytesOut,
  });
}
