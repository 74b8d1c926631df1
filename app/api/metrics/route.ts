// Prometheus scrape endpoint. Not under defineRoute: its caller is a scraper with a bearer token of its own
// (PATCHBAY_METRICS_TOKEN), not a user or an API key. Unset token → 404 (the endpoint does not exist); a wrong
// or missing token → 401. The comparison is constant-time over SHA-256 digests (equal length whatever was sent).
import crypto from "node:crypto";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { toErrorResponse } from "@/lib/http/to-error-response";
import { newRequestId } from "@/lib/http/request-id";
import { renderMetrics } from "@/lib/metrics/observe";
import { queueStats } from "@/lib/queue/queue";

export const dynamic = "force-dynamic";

const digest = (s: string) => crypto.createHash("sha256").update(s).digest();

export async function GET(req: Request): Promise<Response> {
  const requestId = newRequestId();
  try {
    const token = env().metricsToken;
    if (!token) throw new AppError("not_found");
    const m = (req.headers.get("authorization") ?? "").match(/^Bearer\s+(\S+)\s*$/i);
    if (!crypto.timingSafeEqual(digest(m?.[1] ?? ""), digest(token)))
      throw new AppError("unauthorized", { message: "A valid metrics token is required." });
    const { body, contentType } = await renderMetrics(queueStats);
    return new Response(body, {
      headers: { "content-type": contentType, "cache-control": "no-store", "x-request-id": requestId },
    });
  } catch (err) {
    return toErrorResponse(err, requestId);
  }
}
