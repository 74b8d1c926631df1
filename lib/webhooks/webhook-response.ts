import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { THandshakeReply } from "./handshakes";
import { MAX_WEBHOOK_BODY_BYTES, receiveWebhook, receiveWebhookGet } from "./receive-webhook";

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
  if (outcome.status === "respond") return replyResponse(outcome.reply);
  return Response.json(outcome, { headers: { "cache-control": "no-store" } });
}

/** A handshake's answer. Echoed text goes out as text/plain with nosniff: a reflected value is never HTML. */
function replyResponse(reply: THandshakeReply): Response {
  const headers = { "cache-control": "no-store", "x-content-type-options": "nosniff" };
  if (reply.status === 204) return new Response(null, { status: 204, headers });
  if (reply.text !== undefined)
    return new Response(reply.text, {
      status: 200,
      headers: { ...headers, "content-type": "text/plain; charset=utf-8" },
    });
  return Response.json(reply.json ?? {}, { status: 200, headers });
}

/** GET: a provider's challenge (Meta's hub.challenge, X's crc_token, LinkedIn's challengeCode). */
export async function handleWebhookGet(req: Request, params: z.infer<typeof ZWebhookParams>) {
  const reply = await receiveWebhookGet({
    providerSlug: params.provider,
    sourceId: params.source ?? null,
    query: new URL(req.url).searchParams,
  });
  return replyResponse(reply);
}
