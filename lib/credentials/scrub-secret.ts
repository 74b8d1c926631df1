// Providers sometimes quote the credential they were sent back in an error message (some mask it, like Stripe;
// some do not). Anything we pass on from a provider's answer goes through scrubSecrets first.

/** A shared run this long is treated as a leak even when the secret itself is not repeated in full. */
const MIN_LEAK_LENGTH = 20;
const REDACTED = "[redacted]";

/**
 * Replaces every occurrence (ignoring case) of each secret — and of any run of 20 or more characters that also occurs in a
 * secret (a partially masked or truncated echo) — with "[redacted]". Secrets shorter than 20 characters are
 * removed only where they appear in full.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  // Case-insensitive, so an echo that was upper- or lower-cased is caught too (when casing keeps the length).
  const lower = text.toLowerCase();
  const haystack = lower.length === text.length ? lower : text;
  const fold = (s: string): string => (haystack === lower ? s.toLowerCase() : s);
  const hidden = new Array<boolean>(text.length).fill(false);
  const mark = (raw: string): void => {
    const needle = fold(raw);
    if (needle.length === 0) return;
    for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
      hidden.fill(true, at, at + needle.length);
    }
  };
  for (const secret of secrets) {
    if (secret.length < MIN_LEAK_LENGTH) {
      mark(secret);
      continue;
    }
    // Any common substring of length ≥ 20 contains one of these windows, so marking every occurrence of every
    // window covers all of them (and their union).
    for (let i = 0; i + MIN_LEAK_LENGTH <= secret.length; i++) mark(secret.slice(i, i + MIN_LEAK_LENGTH));
  }
  let out = "";
  for (let i = 0; i < text.length;) {
    if (!hidden[i]) {
      out += text[i];
      i++;
      continue;
    }
    out += REDACTED;
    while (i < text.length && hidden[i]) i++;
  }
  return out;
}
