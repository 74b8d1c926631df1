// GET /api/metrics (issue 8 §5): Prometheus text behind a metrics token; no secret or unbounded value as a label.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as metricsRoute from "@/app/api/metrics/route";
import { boundedLabel } from "@/lib/metrics/registry";
import crypto from "node:crypto";
import { z } from "zod";
import { observeDelivery, observeLeaseWait, observeProxy, observeRefresh } from "@/lib/metrics/observe";
import { defineJob } from "@/lib/queue/define-job";
import { enqueue } from "@/lib/queue/queue";
import { call } from "../http";

const TOKEN = "metrics-token-0123456789abcdef";
const resetEnv = () => ((globalThis as { __patchbayEnv?: unknown }).__patchbayEnv = undefined);

beforeAll(() => {
  process.env.PATCHBAY_METRICS_TOKEN = TOKEN;
  resetEnv();
});
afterAll(() => {
  delete process.env.PATCHBAY_METRICS_TOKEN;
  resetEnv();
});

const summary = {
  requestId: "req_test",
  teamId: "team_secret_id",
  connectionId: "conn_must_not_be_a_label",
  provider: "stripe",
  method: "GET",
  status: 200,
  outcome: "ok",
  ms: 12,
  upstreamMs: 9,
  retries: 2,
  throttledMs: 250,
  bytesIn: 0,
  bytesOut: 1024,
  apiKeyId: "key_must_not_be_a_label",
};

describe("GET /api/metrics", () => {
  it("refuses a missing or wrong token with 401 in our error shape", async () => {
    for (const bearer of [undefined, "wrong", `${TOKEN}x`, TOKEN.slice(0, -1)]) {
      const res = await call(metricsRoute.GET, { bearer, path: "/api/metrics" });
      expect(res.status).toBe(401);
      expect(res.json.error?.code).toBe("unauthorized");
      expect(res.text).not.toContain("patchbay_");
    }
  });

  it("answers the right token with Prometheus text holding what observeProxy and the refresh engine counted", async () => {
    observeProxy(summary);
    observeProxy({
      ...summary,
      status: 502,
      outcome: "upstream_unreachable",
      upstreamMs: null,
      retries: 0,
      throttledMs: 0,
    });
    observeRefresh("refreshed");
    await observeLeaseWait(async () => "ok");
    const res = await call(metricsRoute.GET, { bearer: TOKEN, path: "/api/metrics" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.text).toMatch(
      /patchbay_proxy_requests_total\{provider="stripe",outcome="ok",status_class="2xx"\} 1/,
    );
    expect(res.text).toMatch(
      /patchbay_proxy_requests_total\{provider="stripe",outcome="upstream_unreachable",status_class="5xx"\} 1/,
    );
    expect(res.text).toMatch(/patchbay_proxy_retries_total\{provider="stripe"\} 2/);
    expect(res.text).toMatch(/patchbay_proxy_throttled_total\{provider="stripe"\} 1/);
    expect(res.text).toMatch(/patchbay_proxy_upstream_duration_seconds_count\{provider="stripe"\} 1/);
    expect(res.text).toMatch(
      /patchbay_proxy_request_duration_seconds_bucket\{le="0.025",provider="stripe",outcome="ok"\} 1/,
    );
    expect(res.text).toMatch(/patchbay_token_refreshes_total\{outcome="refreshed"\} 1/);
    expect(res.text).toMatch(/patchbay_refresh_lease_waits_total\{result="ok"\} 1/);
    expect(res.text).toMatch(/patchbay_process_resident_memory_bytes \d+/);
    for (const leaked of [
      "team_secret_id",
      "conn_must_not_be_a_label",
      "key_must_not_be_a_label",
      "req_test",
    ])
      expect(res.text).not.toContain(leaked);
  });

  it("reports the job queue's depth and age, read at scrape time, and webhook delivery outcomes", async () => {
    // A queue nobody works: its jobs wait, ready (due now) or deferred (later).
    const idle = defineJob({
      name: `test.metrics-idle-${crypto.randomBytes(4).toString("hex")}`,
      schema: z.object({ n: z.number() }),
      handler: async () => {},
    });
    await enqueue(idle, { n: 1 });
    await enqueue(idle, { n: 2 });
    await enqueue(idle, { n: 3 }, { startAfterSeconds: 3600 });
    observeDelivery("delivered", "delivered", 40);
    observeDelivery("timeout", "pending", 10_000);
    const res = await call(metricsRoute.GET, { bearer: TOKEN, path: "/api/metrics" });
    expect(res.status).toBe(200);
    expect(res.text).toContain(`patchbay_job_queue_jobs{queue="${idle.name}",state="ready"} 2`);
    expect(res.text).toContain(`patchbay_job_queue_jobs{queue="${idle.name}",state="deferred"} 1`);
    expect(res.text).toMatch(
      new RegExp(
        `patchbay_job_queue_oldest_ready_age_seconds\\{queue="${idle.name.replace(/\./g, "\\.")}"\\} \\d`,
      ),
    );
    expect(res.text).toMatch(
      /patchbay_webhook_delivery_attempts_total\{outcome="delivered",result="delivered"\} 1/,
    );
    expect(res.text).toMatch(
      /patchbay_webhook_delivery_attempts_total\{outcome="timeout",result="pending"\} 1/,
    );
    expect(res.text).toMatch(/patchbay_webhook_delivery_duration_seconds_count\{outcome="timeout"\} 1/);
  });

  it("caps label values: odd strings and the 201st provider become 'other'", () => {
    expect(boundedLabel("t", "Bearer abc")).toBe("other");
    expect(boundedLabel("t", null)).toBe("none");
    for (let i = 0; i < 200; i++) expect(boundedLabel("t2", `p${i}`)).toBe(`p${i}`);
    expect(boundedLabel("t2", "p200")).toBe("other");
    expect(boundedLabel("t2", "p5")).toBe("p5");
  });

  it("does not exist (404) when no metrics token is configured", async () => {
    delete process.env.PATCHBAY_METRICS_TOKEN;
    resetEnv();
    const res = await call(metricsRoute.GET, { bearer: TOKEN, path: "/api/metrics" });
    expect(res.status).toBe(404);
    expect(res.json.error?.code).toBe("not_found");
  });
});
