// Client authentication at a provider's token and revocation endpoints.

/** application/x-www-form-urlencoded encoding of one value (WHATWG URL serializer: space → "+", `!'()~` escaped). */
export const formUrlEncode = (value: string) => new URLSearchParams([["v", value]]).toString().slice(2);

/**
 * HTTP Basic client authentication, RFC 6749 §2.3.1: the client id and secret are each form-urlencoded (not
 * merely percent-encoded as encodeURIComponent does) and then joined with ":" and base64-encoded, so a secret
 * with a space, "!", "~", "'", "(" or ")" reaches a conforming server intact.
 */
export function basicClientAuth(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${formUrlEncode(clientId)}:${formUrlEncode(clientSecret)}`).toString("base64")}`;
}
