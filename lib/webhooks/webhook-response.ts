import { z } from "zod";
import { AppError } from "@/lib/errors";
import { MAX_WEBHOOK_BODY_BYTES, receiveWebhook } from "./receive-webhook";

export const ZWebhookParams = z.object({
  provider: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
  source: z
    .string()
    .regex(/^whs_[A-Za-z0-9_-]{1,40}$/)
    .optional(),
});

/**
 * What a provider gets back. 2xx: stored (or a duplicate, or ignored with a reason) — it must not retry.
 * 401: the signature failed or no secret is configured (details.reason says which); 404: unknown endpoint or,
 * for providers that declare it, unknown tenant; 4xx errors use the one error shape.
 */
export async function handleWebhookRequest(req: Request, params: z.infer<typeof ZWebhookParams>) {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_WEBHOOK_BODY_BYTES)
    throw new AppError("payload_too_large", { message: "The delivery is larger than 1 MB." });
  const rawBody = Buffer.from(await req.arrayBuffer());
  const url = new URL(req.url);
  const outcome = await receiveWebhook({
    providerSlug: params.provider,
    sourceId: params.source ?? null,
    rawBody,
    headers: req.headers,
    method: req.method,
    pathAndQuery: url.pathname + url.search,
  });
  if (outcome.status === "challenge") return Response.json({ challenge: outcome.challenge });
  return Response.json(outcome, { headers: { "cache-control": "no-store" } });
}
