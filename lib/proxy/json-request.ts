// The JSON form of the proxy (seed 001's `/request`): `{ method, url, headers, data }` in one JSON body, answered
// with the provider's response as it is. `url` is relative to the API base, or absolute on the base's own origin.
import { z } from "zod";
import type { TAuthContext } from "@/lib/actor";
import { proxyRequest } from "./proxy-request";

const ZHeaderName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, "must be an HTTP header name");

export const ZProxyJsonRequest = z.strictObject({
  method: z
    .string()
    .regex(/^[A-Za-z]{1,20}$/)
    .default("GET")
    .transform((m) => m.toUpperCase()),
  url: z.string().min(1).max(8192),
  headers: z.record(ZHeaderName, z.string().max(8192)).default({}),
  /** a string is sent as it is; anything else as JSON */
  data: z.json().optional(),
});
export type TProxyJsonRequest = z.infer<typeof ZProxyJsonRequest>;

export async function proxyJsonRequest(
  ctx: TAuthContext,
  connectionId: string,
  input: TProxyJsonRequest,
  opts: { requestId: string; signal?: AbortSignal; incoming?: Headers },
): Promise<Response> {
  const headers = new Headers(input.headers);
  // Patchbay's own controls may also come on the outer request.
  for (const name of ["patchbay-retries", "idempotency-key"]) {
    const v = opts.incoming?.get(name);
    if (v !== null && v !== undefined && !headers.has(name)) headers.set(name, v);
  }
  let body: Uint8Array | null = null;
  if (input.data !== undefined && input.data !== null && input.method !== "GET" && input.method !== "HEAD") {
    const text = typeof input.data === "string" ? input.data : JSON.stringify(input.data);
    if (typeof input.data !== "string" && !headers.has("content-type"))
      headers.set("content-type", "application/json");
    body = new TextEncoder().encode(text);
  }
  return proxyRequest({
    ctx,
    target: { connectionId },
    method: input.method,
    path: input.url,
    allowAbsolute: true,
    headers,
    body,
    signal: opts.signal,
    requestId: opts.requestId,
  });
}

/** The caller's path after `prefixSegments` path segments of the incoming URL, with its query, unparsed. */
export function pathAfter(url: { pathname: string; search: string }, prefixSegments: number): string {
  const parts = url.pathname.split("/");
  return `/${parts.slice(prefixSegments + 1).join("/")}${url.search}`;
}
