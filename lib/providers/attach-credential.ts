// How a credential rides on an API call — bearer, a named header (with an optional prefix), HTTP Basic with the
// key as the user name (Stripe), or a query parameter — in one place: the connection test, token revocation and
// credential verification use it, and so will the proxy.
import type { TApiAuth } from "@/lib/providers/schemas";

/** Where a credential header is set: a Web Headers, or the proxy's plain header record (lib/proxy). */
export type THeaderSink = { set(name: string, value: string): void };

/** RFC 7617 user-pass, base64 (API credentials, not RFC 6749 client auth — that is lib/oauth/client-auth.ts). */
export function basicValue(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`, "utf8").toString("base64");
}

/**
 * Puts `credential` on `headers` / `url` the way `auth` says. Returns every form of the secret that was sent, so
 * callers can scrub each one from anything they echo back (an error body quoting the header, say).
 */
export function attachCredential(
  auth: TApiAuth,
  credential: string,
  headers: THeaderSink,
  url: URL,
): string[] {
  switch (auth.type) {
    case "bearer":
      headers.set("authorization", `Bearer ${credential}`);
      return [credential];
    case "header":
      headers.set(auth.name, auth.prefix ? `${auth.prefix} ${credential}` : credential);
      return [credential];
    case "basic": {
      const encoded = basicValue(credential, "");
      headers.set("authorization", `Basic ${encoded}`);
      return [credential, encoded];
    }
    case "query":
      url.searchParams.set(auth.name, credential);
      return [credential, encodeURIComponent(credential)];
  }
}

/**
 * A username and password as HTTP Basic, the user name first put through the provider's `basic.usernameTemplate`
 * (Zendesk's "{username}/token"). Returns the forms of the secret that were sent, as attachCredential does.
 */
export function attachBasicCredential(
  usernameTemplate: string | undefined,
  username: string,
  password: string,
  headers: THeaderSink,
): string[] {
  const user = (usernameTemplate ?? "{username}").replaceAll("{username}", username);
  const encoded = basicValue(user, password);
  headers.set("authorization", `Basic ${encoded}`);
  return [password, encoded];
}
