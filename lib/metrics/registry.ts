// Prometheus metrics (prom-client). One registry per process, on globalThis: instrumentation, the proxy routes
// and the refresh engine are separate Next.js bundles and must count into the same series.
//
// Labels are bounded by construction: provider slugs (capped, see boundedLabel), fixed outcome words, status
// classes. Never a connection id, team id, URL, header or anything secret.
import client from "prom-client";

export type TMetrics = {
  registry: client.Registry;
  proxyRequests: client.Counter<"provider" | "outcome" | "status_class">;
  proxyDuration: client.Histogram<"provider" | "outcome">;
  upstreamDuration: client.Histogram<"provider">;
  proxyRetries: client.Counter<"provider">;
  proxyThrottled: client.Counter<"provider">;
  proxyThrottledSeconds: client.Counter<"provider">;
  proxyBytes: client.Counter<"provider" | "direction">;
  refreshes: client.Counter<"outcome">;
  leaseWaits: client.Counter<"result">;
  leaseWaitDuration: client.Histogram<"result">;
  deliveries: client.Counter<"outcome" | "result">;
  deliveryDuration: client.Histogram<"outcome">;
  queueJobs: client.Gauge<"queue" | "state">;
  queueOldestAge: client.Gauge<"queue">;
  queueScrapeErrors: client.Counter;
};

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

function create(): TMetrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "patchbay_" });
  const r = [registry];
  return {
    registry,
    proxyRequests: new client.Counter({
      name: "patchbay_proxy_requests_total",
      help: "Proxied requests by provider, outcome and response status class",
      labelNames: ["provider", "outcome", "status_class"],
      registers: r,
    }),
    proxyDuration: new client.Histogram({
      name: "patchbay_proxy_request_duration_seconds",
      help: "Time from request to response head through the proxy",
      labelNames: ["provider", "outcome"],
      buckets: LATENCY_BUCKETS,
      registers: r,
    }),
    upstreamDuration: new client.Histogram({
      name: "patchbay_proxy_upstream_duration_seconds",
      help: "Time the provider took to answer (last attempt)",
      labelNames: ["provider"],
      buckets: LATENCY_BUCKETS,
      registers: r,
    }),
    proxyRetries: new client.Counter({
      name: "patchbay_proxy_retries_total",
      help: "Upstream attempts beyond the first",
      labelNames: ["provider"],
      registers: r,
    }),
    proxyThrottled: new client.Counter({
      name: "patchbay_proxy_throttled_total",
      help: "Proxied requests that waited in the per-connection throttle",
      labelNames: ["provider"],
      registers: r,
    }),
    proxyThrottledSeconds: new client.Counter({
      name: "patchbay_proxy_throttled_seconds_total",
      help: "Total time proxied requests waited in the per-connection throttle",
      labelNames: ["provider"],
      registers: r,
    }),
    proxyBytes: new client.Counter({
      name: "patchbay_proxy_bytes_total",
      help: "Body bytes through the proxy (in = from the caller, out = to the caller)",
      labelNames: ["provider", "direction"],
      registers: r,
    }),
    refreshes: new client.Counter({
      name: "patchbay_token_refreshes_total",
      help: "Token refreshes sent to providers by outcome (refreshed, rejected, unreachable, unknown)",
      labelNames: ["outcome"],
      registers: r,
    }),
    leaseWaits: new client.Counter({
      name: "patchbay_refresh_lease_waits_total",
      help: "Requests that waited for another holder's refresh lease, by result",
      labelNames: ["result"],
      registers: r,
    }),
    leaseWaitDuration: new client.Histogram({
      name: "patchbay_refresh_lease_wait_seconds",
      help: "Time spent waiting for another holder's refresh lease",
      labelNames: ["result"],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: r,
    }),
    deliveries: new client.Counter({
      name: "patchbay_webhook_delivery_attempts_total",
      help: "Outbound webhook delivery attempts sent by this instance, by outcome (delivered, http_error, rate_limited, timeout, network, blocked) and the delivery's resulting state (delivered, pending = will retry, dead)",
      labelNames: ["outcome", "result"],
      registers: r,
    }),
    deliveryDuration: new client.Histogram({
      name: "patchbay_webhook_delivery_duration_seconds",
      help: "Time one outbound webhook delivery attempt took",
      labelNames: ["outcome"],
      buckets: LATENCY_BUCKETS,
      registers: r,
    }),
    // Read from the queue's tables at scrape time (the same numbers from every instance: graph max() or one).
    queueJobs: new client.Gauge({
      name: "patchbay_job_queue_jobs",
      help: "Jobs in the queue by state: ready (due, waiting for a worker), deferred (scheduled later), active, failed (kept until retention)",
      labelNames: ["queue", "state"],
      registers: r,
    }),
    queueOldestAge: new client.Gauge({
      name: "patchbay_job_queue_oldest_ready_age_seconds",
      help: "How long the oldest due job of the queue has waited for a worker (0 when none): the queue's lag",
      labelNames: ["queue"],
      registers: r,
    }),
    queueScrapeErrors: new client.Counter({
      name: "patchbay_job_queue_stats_errors_total",
      help: "Scrapes where the queue's depth could not be read (the gauges keep their last values)",
      registers: r,
    }),
  };
}

const g = globalThis as { __patchbayMetrics?: TMetrics; __patchbayMetricLabels?: Map<string, Set<string>> };

export function metrics(): TMetrics {
  return (g.__patchbayMetrics ??= create());
}

const MAX_VALUES_PER_LABEL = 200;
const SAFE = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

/**
 * A label value that cannot grow without bound: custom provider slugs are user-chosen, so after
 * MAX_VALUES_PER_LABEL distinct values (or for anything that does not look like a slug) the value is "other".
 */
export function boundedLabel(label: string, value: string | null | undefined): string {
  if (!value) return "none";
  if (!SAFE.test(value)) return "other";
  const labels = (g.__patchbayMetricLabels ??= new Map<string, Set<string>>());
  let seen = labels.get(label);
  if (!seen) labels.set(label, (seen = new Set()));
  if (seen.has(value)) return value;
  if (seen.size >= MAX_VALUES_PER_LABEL) return "other";
  seen.add(value);
  return value;
}
