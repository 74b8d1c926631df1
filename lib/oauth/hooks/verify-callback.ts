import crypto from "node:crypto";
import type { THookName } from "@/lib/providers/hooks";
import type { THookContext } from "@/lib/oauth/types";

export class CallbackVerificationError extends Error {}

type TVerifyCallback = (query: URLSearchParams, ctx: THookContext) => void;

/**
 * Shopify signs the callback: hex HMAC-SHA256 (client secret) over every other parameter, sorted by name,
 * joined as k=v&k=v. The shop in the callback must also be the shop the flow started for.
 */
const shopifyHmac: TVerifyCallback = (query, ctx) => {
  const given = query.get("hmac") ?? "";
  const message = [...query.entries()]
    .filter(([k]) => k !== "hmac" && k !== "signature")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const expected = crypto.createHmac("sha256", ctx.app.clientSecret).update(message).digest("hex");
  const ok =
    given.length === expected.length && crypto.timingSafeEqual(Buffer.from(given), Buffer.from(expected));
  if (!ok) throw new CallbackVerificationError("The callback's Shopify signature (hmac) is invalid.");
  if (query.get("shop") !== ctx.values.shop) {
    throw new CallbackVerificationError(
      "The callback came from a different shop than the one the flow started for.",
    );
  }
};

export const VERIFY_CALLBACK: Record<THookName<"verifyCallback">, TVerifyCallback> = {
  shopify_hmac: shopifyHmac,
};
