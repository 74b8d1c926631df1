// One delivery attempt: the handler of the "events.deliver" job.
//
// Order of events, and what a crash leaves behind:
//  1. Read the delivery; nothing to do unless it is pending, due, and its endpoint active (a stale or duplicate
//     job — the sweep, a pg-boss retry — simply finds it done or not yet due).
//  2. Take the delivery's lease by one conditional UPDATE (the same single-flight pattern as token refresh): two
//     jobs for one delivery never send at once, on any number of instances.
//  3. Sign and POST through the outbound guard with no transaction open (a receiver that hangs must not hold the
//     embedded database).
//  4. In ONE transaction, conditional on the lease: record the attempt, move the delivery on (delivered / next
//     attempt at / dead), update the endpoint's streak, and — when another attempt is due — enqueue its job. So a
//     recorded failure always has its next attempt queued, and a crash before the write leaves the delivery
//     pending with an expiring lease: pg-boss retries the job (expireInSeconds), and the sweep re-sends anything
//     overdue. Delivery is therefore at-least-once; receivers dedupe by webhook-id (the event id, the same on every
//     attempt and replay, as Standard Webhooks asks).
//
// Retrying is ours, not pg-boss's: the next attempt is a new job sent with startAfterSeconds from
// retry-schedule.ts. pg-boss's exponential retry has no notion of Retry-After, its delay is per queue, and its
// attempt count is not visible per delivery; our schedule is data on the Delivery row and every attempt has a row.
import { eventsEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { observeDelivery } from "@/lib/metrics/observe";
import { guardedFetch, OutboundError } from "@/lib/outbound/guarded-fetch";
import { enqueue } from "@/lib/queue/queue";
import { recordAudit } from "@/lib/audit/record-audit";
import { DELIVER_JOB } from "./job-types";
import {
  findDeliveryForSend,
  noteEndpointOutcome,
  pauseFailingEndpoint,
  recordAttempt,
  releaseDeliveryLease,
  takeDeliveryLease,
  transaction,
  type DeliveryStatus,
} from "./repo";
import { nextRetryDelaySeconds, parseRetryAfter } from "./retry-schedule";
import { signedHeaders } from "./signature";
import { signingSecrets } from "./secrets";
import { eventBody } from "./event-body";

const EXCERPT_CHARS = 256;
/** The lease outlives the attempt's timeout by this much (the database work around it); after that a crashed
 * holder's delivery may be taken over. */
const LEASE_MARGIN_MS = 15_000;

export const deliveryTimeoutMs = () => eventsEnv().timeoutMs;
/** Dead letters in a row (no success between) after which an endpoint is paused. */
export const pauseAfterDeadLetters = () => eventsEnv().pauseAfterDeadLetters;

type TOutcome = {
  outcome: "delivered" | "http_error" | "rate_limited" | "timeout" | "network" | "blocked";
  statusCode: number | null;
  error: string | null;
  excerpt: string | null;
  /** false: retrying cannot help (a 4xx refusal, an address the guard refuses) — dead-letter now */
  retryable: boolean;
  retryAfterSeconds?: number;
};

/** 2xx delivered; 429 and 503 honour Retry-After; 408 and 5xx retried; any other answer is a refusal. */
export function classifyResponse(status: number, retryAfter: string | null): Omit<TOutcome, "excerpt"> {
  if (status >= 200 && status < 300)
    return { outcome: "delivered", statusCode: status, error: null, retryable: false };
  const ra = status === 429 || status === 503 ? parseRetryAfter(retryAfter) : undefined;
  if (status === 429)
    return {
      outcome: "rate_limited",
      statusCode: status,
      error: "HTTP 429",
      retryable: true,
      retryAfterSeconds: ra,
    };
  const retryable = status >= 500 || status === 408;
  return {
    outcome: "http_error",
    statusCode: status,
    error: `HTTP ${String(status)}`,
    retryable,
    ...(ra !== undefined ? { retryAfterSeconds: ra } : {}),
  };
}

async function send(url: string, headers: Record<string, string>, body: string): Promise<TOutcome> {
  try {
    const res = await guardedFetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Patchbay-Webhooks/1", ...headers },
      body,
      timeoutMs: deliveryTimeoutMs(),
      maxResponseBytes: 64 * 1024,
    });
    const c = classifyResponse(res.status, res.headers.get("retry-after"));
    const text = res.text();
    return { ...c, excerpt: text ? text.slice(0, EXCERPT_CHARS) : null };
  } catch (err) {
    if (!(err instanceof OutboundError)) throw err;
    const blocked = err.code.startsWith("blocked") || err.code === "redirect_refused";
    return {
      outcome: err.code === "timeout" ? "timeout" : blocked ? "blocked" : "network",
      statusCode: null,
      error: err.message,
      excerpt: null,
      retryable: !blocked,
    };
  }
}

export async function deliverEvent(deliveryId: string): Promise<void> {
  const d = await findDeliveryForSend(deliveryId);
  if (!d || d.status !== "pending") return;
  // A paused endpoint keeps its pending deliveries (resuming sends them); only its test events go out.
  if (d.endpoint.status !== "active" && d.origin !== "test") return;
  if (d.nextAttemptAt && d.nextAttemptAt.getTime() > Date.now() + 1000) return; // a later job owns that attempt
  const holder = await takeDeliveryLease(d.id, new Date(Date.now() + deliveryTimeoutMs() + LEASE_MARGIN_MS));
  if (!holder) return;
  let recorded = false;
  try {
    const attempt = d.attempts + 1;
    const body = eventBody(d.event);
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = signedHeaders(signingSecrets(d.endpoint), d.event.id, timestamp, body);
    const startedAt = new Date();
    const r = await send(d.endpoint.url, headers, body);
    const durationMs = Date.now() - startedAt.getTime();
    const delay =
      r.outcome === "delivered" || !r.retryable ? null : nextRetryDelaySeconds(attempt, r.retryAfterSeconds);
    const status: DeliveryStatus =
      r.outcome === "delivered" ? "delivered" : delay === null ? "dead" : "pending";
    const nextAttemptAt = delay === null ? null : new Date(Date.now() + delay * 1000);
    let paused = false;
    recorded = await transaction(async (tx) => {
      const ok = await recordAttempt(
        tx,
        { id: d.id, teamId: d.teamId, endpointId: d.endpoint.id },
        holder,
        {
          attempt,
          startedAt,
          durationMs,
          outcome: r.outcome,
          statusCode: r.statusCode,
          error: r.error,
          responseExcerpt: r.excerpt,
          nextAttemptAt,
        },
        status,
      );
      if (!ok) return false;
      if (status === "pending") {
        await enqueue(DELIVER_JOB, { deliveryId: d.id }, { tx, startAfterSeconds: delay ?? 0 });
      } else {
        const ep = await noteEndpointOutcome(tx, d.teamId, d.endpoint.id, status === "delivered");
        if (status === "dead" && ep.consecutiveDeadLetters >= pauseAfterDeadLetters())
          paused = await pauseFailingEndpoint(tx, d.teamId, d.endpoint.id);
      }
      return true;
    });
    if (recorded) observeDelivery(r.outcome, status, durationMs);
    if (!recorded) log.warn("delivery lease lost; attempt not recorded", { deliveryId: d.id });
    if (paused) {
      log.warn("webhook endpoint paused after repeated dead letters", { endpointId: d.endpoint.id });
      await recordAudit(
        { teamId: d.teamId, actor: null },
        "webhook_endpoint.paused",
        {
          type: "webhook_endpoint",
          id: d.endpoint.id,
        },
        { reason: "failing", dead_letters_in_a_row: pauseAfterDeadLetters() },
      );
    }
  } finally {
    if (!recorded) await releaseDeliveryLease(d.id, holder).catch(() => undefined);
  }
}
