// Route handlers and server actions never see the socket, and Next.js (16.4) only fills X-Forwarded-For when the
// client did not send one — so by itself the header is whatever the client typed. This hook runs for every HTTP
// request the process receives, before Next.js reads it, and appends the socket's peer address to
// X-Forwarded-For exactly as a reverse proxy would. lib/http/client-ip.ts then reads the list from the right.
// Installed once from instrumentation.ts (Node runtime only).
import http from "node:http";
import https from "node:https";
import type { Socket } from "node:net";

const MARK = Symbol.for("patchbay.stampSocketAddress");

/** Appends `peer` to the request's X-Forwarded-For (creating it when absent). Exported for the unit test. */
export function stampPeerAddress(req: http.IncomingMessage): void {
  const peer = (req.socket as Socket | undefined)?.remoteAddress;
  if (!peer) return;
  const existing = req.headers["x-forwarded-for"];
  const list = (Array.isArray(existing) ? existing.join(",") : (existing ?? "")).trim();
  req.headers["x-forwarded-for"] = list ? `${list}, ${peer}` : peer;
}

type TEmit = (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;

function patch(proto: { emit: TEmit; [MARK]?: true }) {
  if (proto[MARK]) return;
  const original = proto.emit;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request" && args[0] instanceof http.IncomingMessage) stampPeerAddress(args[0]);
    return original.call(this, event, ...args);
  };
  proto[MARK] = true;
}

export function installSocketAddressStamp(): void {
  patch(http.Server.prototype as unknown as { emit: TEmit });
  patch(https.Server.prototype as unknown as { emit: TEmit });
}
