// The dashboard's API console: one GET through the same proxy core the API uses, read into a small view (status,
// headers, body pretty-printed when it is JSON). The body is capped: the console is for looking, not for bulk.
import type { TAuthContext } from "@/lib/actor";
import { PATCHBAY_ERROR_HEADER, proxyRequest } from "./proxy-request";

export const CONSOLE_BODY_LIMIT = 64 * 1024;

export type TConsoleResult = {
  status: number;
  /** "patchbay" when Patchbay answered (the Patchbay-Error header), "provider" otherwise */
  from: "patchbay" | "provider";
  headers: [string, string][];
  body: string;
  json: boolean;
  truncated: boolean;
  ms: number;
};

export async function sendConsoleRequest(
  ctx: TAuthContext,
  connectionId: string,
  path: string,
  requestId: string,
): Promise<TConsoleResult> {
  const started = Date.now();
  const res = await proxyRequest({
    ctx,
    target: { connectionId },
    method: "GET",
    path,
    headers: new Headers({ accept: "application/json" }),
    body: null,
    requestId,
  });
  const { text, truncated } = await readCapped(res, CONSOLE_BODY_LIMIT);
  let body = text;
  let json = false;
  if (!truncated) {
    try {
      body = JSON.stringify(JSON.parse(text), null, 2);
      json = true;
    } catch {
      // not JSON: shown as text
    }
  }
  const headers: [string, string][] = [];
  res.headers.forEach((value, name) => headers.push([name, value]));
  return {
    status: res.status,
    from: res.headers.has(PATCHBAY_ERROR_HEADER) ? "patchbay" : "provider",
    headers,
    body,
    json,
    truncated,
    ms: Date.now() - started,
  };
}

async function readCapped(res: Response, limit: number): Promise<{ text: string; truncated: boolean }> {
  if (!res.body) return { text: "", truncated: false };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      const all = Buffer.concat(chunks).subarray(0, limit);
      return { text: new TextDecoder().decode(all), truncated: true };
    }
  }
  return { text: new TextDecoder().decode(Buffer.concat(chunks)), truncated: false };
}
