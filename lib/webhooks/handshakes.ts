// Provider handshakes as data (lib/providers/schemas.ts ZWebhookHandshake): URL verification, challenge-response
// checks and pings, answered by these few generic functions and never by a provider name.
//  - signed ones (echo, reply) run only after the signature over the raw body verified;
//  - GET ones prove the secret themselves: verify_token compares the provider's token with the stored secrets in
//    constant time; hmac_challenge answers with an HMAC under the secret, which only its holder can compute;
//  - capture_token trusts nothing: it recognises an unsigned token delivery so the intake can park it sealed.
import crypto from "node:crypto";
import type { TWebhookHandshake } from "@/lib/providers/schemas";
import { safeEqual } from "@/lib/vault/safe-equal";
import { readPath } from "./read-field";

export type THandshakeReply = { status: 200 | 204; json?: Record<string, unknown>; text?: string };

const matches = (body: unknown, when: { path: string; equals: string | number }) =>
  readPath(body, when.path) === String(when.equals);

/** The answer to a signed handshake delivery (already verified), or null when the body is an ordinary event. */
export function signedHandshakeReply(
  handshakes: readonly TWebhookHandshake[],
  body: unknown,
): THandshakeReply | null {
  for (const h of handshakes) {
    if (h.kind === "echo" && matches(body, h.when)) {
      const value = readPath(body, h.value);
      if (value !== null) return { status: 200, json: { [h.replyKey]: value } };
    }
    if (h.kind === "reply" && matches(body, h.when))
      return { status: h.status, ...(h.json ? { json: h.json } : {}) };
  }
  return null;
}

export type TGetHandshakeOutcome =
  | { ok: true; reply: THandshakeReply }
  | { ok: false; reason: "no_secret" | "bad_verify_token" | "no_handshake" };

/** A GET from the provider: a verify-token challenge or a challenge-response check. */
export function getHandshakeReply(
  handshakes: readonly TWebhookHandshake[],
  query: URLSearchParams,
  secrets: readonly string[],
): TGetHandshakeOutcome {
  const usable = secrets.filter((s) => s.length > 0);
  for (const h of handshakes) {
    if (h.kind === "verify_token") {
      const token = query.get(h.tokenParam);
      const challenge = query.get(h.challengeParam);
      if (token === null || challenge === null) continue;
      if (h.modeParam && h.modeValue && query.get(h.modeParam) !== h.modeValue) continue;
      if (usable.length === 0) return { ok: false, reason: "no_secret" };
      let matched = false;
      for (const s of usable) if (safeEqual(s, token)) matched = true;
      if (!matched) return { ok: false, reason: "bad_verify_token" };
      return { ok: true, reply: { status: 200, text: challenge.slice(0, 500) } };
    }
    if (h.kind === "hmac_challenge") {
      const value = query.get(h.param);
      if (value === null || value.length === 0 || value.length > 500) continue;
      // The provider computes its expectation with the secret it signs with now: the first candidate.
      const secret = usable[0];
      if (secret === undefined) return { ok: false, reason: "no_secret" };
      const mac = crypto.createHmac("sha256", secret).update(value, "utf8").digest(h.encoding);
      return {
        ok: true,
        reply: {
          status: 200,
          json: { ...(h.echoKey ? { [h.echoKey]: value } : {}), [h.replyKey]: h.prefix + mac },
        },
      };
    }
  }
  return { ok: false, reason: "no_handshake" };
}

/**
 * The token of an unsigned token delivery (capture_token): no signature header, and a JSON body that is exactly
 * { [field]: "<token>" }. Anyone can send one, so the token is only parked, never used to verify anything.
 */
export function capturedToken(
  handshakes: readonly TWebhookHandshake[],
  rawBody: Buffer,
  signaturePresent: boolean,
): string | null {
  const h = handshakes.find((x) => x.kind === "capture_token");
  if (!h || signaturePresent || rawBody.length > 2048) return null;
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString("utf8"));
  } catch {
    return null;
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) return null;
  const keys = Object.keys(body);
  const token = (body as Record<string, unknown>)[h.field];
  if (keys.length !== 1 || typeof token !== "string" || token.length < 8 || token.length > 500) return null;
  return token;
}
