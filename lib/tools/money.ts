// Money as integer minor units while summing (no float drift over thousands of orders), shown as numbers with
// two decimals at the end. Providers send decimal strings (Shopify "19.99") or integer minor units (Stripe 1999).
export const toCents = (decimal: string | number | null | undefined): number =>
  decimal === null || decimal === undefined || decimal === "" ? 0 : Math.round(Number(decimal) * 100);

export const fromCents = (cents: number): number => Math.round(cents) / 100;

/** Round a derived figure (a ratio, a normalised amount) to `digits` decimals for display. */
export const round = (n: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};
