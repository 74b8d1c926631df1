// The provider's own words from an error body, so a tool error says what the provider said. Each shape is the
// one the provider documents; anything else falls back to the generic fields, then to the status alone.
import { pick } from "./pagination";

type TExtract = (body: unknown) => string | undefined;

const str = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);

/** Shopify: `{ errors: "…" }`, or `{ errors: { field: ["…"] } }` for validation failures. */
const shopify: TExtract = (b) => {
  const e = pick(b, "errors");
  if (typeof e === "string") return str(e);
  if (e && typeof e === "object" && !Array.isArray(e))
    return Object.entries(e as Record<string, unknown>)
      .map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(", ") : String(v)}`)
      .join("; ");
  return undefined;
};

/** Stripe: `{ error: { type, code?, message, param? } }`. */
const stripe: TExtract = (b) => {
  const message = str(pick(b, "error.message"));
  const code = str(pick(b, "error.code")) ?? str(pick(b, "error.type"));
  return message && code ? `${message} (${code})` : message;
};

/** JSON:API (Klaviyo): `{ errors: [{ title, detail }] }`. */
const jsonApi: TExtract = (b) => {
  const first = (pick(b, "errors") as unknown[] | undefined)?.[0];
  return str(pick(first, "detail")) ?? str(pick(first, "title"));
};

/** Google Ads: `{ error: { message, status, details: [{ errors: [{ errorCode, message }] }] } }` — the useful words
 * are in the GoogleAdsFailure, the top message is generic ("The caller does not have permission"). */
const googleAds: TExtract = (b) => {
  const top = str(pick(b, "error.message"));
  const details = pick(b, "error.details");
  const failure = Array.isArray(details) ? (details[0] as unknown) : undefined;
  const errors = pick(failure, "errors");
  const first = Array.isArray(errors) ? str(pick(errors[0], "message")) : undefined;
  return first && top ? `${top}: ${first}` : (first ?? top);
};

const generic: TExtract = (b) =>
  str(pick(b, "error.message")) ??
  str(pick(b, "error_description")) ??
  str(pick(b, "message")) ??
  str(pick(b, "description")) ??
  str(pick(b, "detail")) ??
  jsonApi(b) ??
  str(pick(b, "error")) ??
  str(pick(b, "errors"));

/** Gorgias: `{ error: { msg, data? } }`. */
const gorgias: TExtract = (b) => str(pick(b, "error.msg"));

/** Figma: `{ status, err }`. */
const figma: TExtract = (b) => str(pick(b, "err"));

const BY_PROVIDER: Record<string, TExtract> = {
  shopify,
  stripe,
  klaviyo: jsonApi,
  "google-ads": googleAds,
  gorgias,
  figma,
};

export function providerErrorMessage(provider: string, body: unknown): string | undefined {
  return (BY_PROVIDER[provider] ?? generic)(body) ?? generic(body);
}
