// Entry points that feed the registry: observeProxy (the proxy core, once per request), observeRefresh and
// observeLeaseWait (lib/connections/refresh-connection.ts).
import { boundedLabel, metrics } from "@/lib/metrics/registry";

/** The fields of lib/proxy/observe.ts's TProxySummary that metrics read (structurally compatible). */
export type TProxyMetricSample = {
  provider: string | null;
  status: number;
  outcome: string;
  ms: number;
  upstreamMs: number | null;
  retries: number;
  throttledMs: number;
  bytesIn: number;
  bytesOut: number;
};

const statusClass = (s: number) => (s >= 100 && s < 600 ? `${Math.floor(s / 100)}xx` : "other");

export function observeProxy(s: TProxyMetricSample): void {
  const m = metrics();
  const provider = boundedLabel("provider", s.provider);
  const outcome = boundedLabel("outcome", s.outcome);
  m.proxyRequests.inc({ provider, outcome, status_class: statusClass(s.status) });
  m.proxyDuration.observe({ provider, outcome }, Math.max(0, s.ms) / 1000);
  if (s.upstreamMs !== null) m.upstreamDuration.observe({ provider }, Math.max(0, s.upstreamMs) / 1000);
  if (s.retries > 0) m.proxyRetries.inc({ provider }, s.retries);
  if (s.throttledMs > 0) {
    m.proxyThrottled.inc({ provider });
    m.proxyThrottledSeconds.inc({ provider }, s.throttledMs / 1000);
  }
  if (s.bytesIn > 0) m.proxyBytes.inc({ provider, direction: "in" }, s.bytesIn);
  if (s.bytesOut > 0) m.proxyBytes.inc({ provider, direction: "out" }, s.bytesOut);
}

export type TRefreshMetricOutcome = "refreshed" | "rejected" | "unreachable" | "unknown";

export function observeRefresh(outcome: TRefreshMetricOutcome): void {
  metrics().refreshes.inc({ outcome });
}

/** Times a wait for another holder's refresh lease; passes its result or error through. */
export async function observeLeaseWait<T>(wait: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  let result = "error";
  try {
    const v = await wait();
    result = "ok";
    return v;
  } finally {
    const m = metrics();
    m.leaseWaits.inc({ result });
    m.leaseWaitDuration.observe({ result }, (performance.now() - t0) / 1000);
  }
}

/** One outbound webhook delivery attempt that was recorded (lib/events/deliver-event.ts). */
export function observeDelivery(outcome: string, result: string, durationMs: number): void {
  const m = metrics();
  const o = boundedLabel("delivery_outcome", outcome);
  m.deliveries.inc({ outcome: o, result: boundedLabel("delivery_result", result) });
  m.deliveryDuration.observe({ outcome: o }, Math.max(0, durationMs) / 1000);
}

export type TQueueSample = {
  name: string;
  ready: number;
  deferred: number;
  active: number;
  failed: number;
  oldestReadyAgeSeconds: number;
};

/** The exposition: body and content type for GET /api/metrics; queue depth is read by the caller just before. */
export async function renderMetrics(
  readQueues?: () => Promise<TQueueSample[]>,
): Promise<{ body: string; contentType: string }> {
  const m = metrics();
  if (readQueues) {
    try {
      const stats = await readQueues();
      m.queueJobs.reset();
      m.queueOldestAge.reset();
      for (const q of stats) {
        const queue = boundedLabel("queue", q.name);
        for (const state of ["ready", "deferred", "active", "failed"] as const)
          m.queueJobs.set({ queue, state }, q[state]);
        m.queueOldestAge.set({ queue }, q.oldestReadyAgeSeconds);
      }
    } catch {
      m.queueScrapeErrors.inc();
    }
  }
  const { registry } = m;
  return { body: await registry.metrics(), contentType: registry.contentType };
}
