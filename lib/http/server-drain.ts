// Graceful shutdown of the HTTP side. Next.js (with NEXT_MANUAL_SIG_HANDLE=1) leaves SIGTERM to us but does not
// hand out its server, so this hook — installed from instrumentation.ts like stamp-socket-address — notes every
// http.Server that receives a connection and counts the requests in flight (a request ends when its response has
// been sent or its socket closed; a streamed proxy response counts until its last byte).
//
// drainServers(): stop accepting (server.close(): new connections are refused, so a load balancer retries them on
// another instance; idle keep-alive sockets are closed), then wait until every accepted request has completed or
// the grace period ends, and report what was cut off.
import http from "node:http";
import https from "node:https";

const MARK = Symbol.for("patchbay.serverDrain");

type TState = { servers: Set<http.Server>; inFlight: number; idle: Set<() => void> };
const g = globalThis as { __patchbayServerDrain?: TState };
const state = (): TState =>
  (g.__patchbayServerDrain ??= { servers: new Set(), inFlight: 0, idle: new Set() });

type TEmit = (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;

function done() {
  const s = state();
  s.inFlight--;
  if (s.inFlight === 0) for (const wake of s.idle) wake();
}

function patch(proto: { emit: TEmit; [MARK]?: true }) {
  if (proto[MARK]) return;
  const original = proto.emit;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "connection" || event === "request") state().servers.add(this);
    if (event === "request" && args[1] instanceof http.ServerResponse) {
      const res = args[1];
      state().inFlight++;
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        done();
      };
      res.once("finish", end);
      res.once("close", end);
    }
    return original.call(this, event, ...args);
  };
  proto[MARK] = true;
}

export function installServerDrain(): void {
  patch(http.Server.prototype as unknown as { emit: TEmit });
  patch(https.Server.prototype as unknown as { emit: TEmit });
}

export function inFlightRequests(): number {
  return state().inFlight;
}

export type TDrainResult = { drained: boolean; inFlightAtStart: number; cutOff: number; ms: number };

/** Stops accepting connections and waits (up to graceMs) for the accepted requests to complete. */
export async function drainServers(graceMs: number): Promise<TDrainResult> {
  const started = Date.now();
  const s = state();
  const inFlightAtStart = s.inFlight;
  for (const server of s.servers) {
    server.close();
    server.closeIdleConnections();
  }
  if (s.inFlight > 0) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(finish, graceMs);
      // Sockets that finish a request become idle: close them as they do, so keep-alive clients reconnect elsewhere.
      const sweep = setInterval(() => s.servers.forEach((server) => server.closeIdleConnections()), 100);
      function finish() {
        clearTimeout(timer);
        clearInterval(sweep);
        s.idle.delete(finish);
        resolve();
      }
      s.idle.add(finish);
    });
  }
  const cutOff = s.inFlight;
  if (cutOff > 0) for (const server of s.servers) server.closeAllConnections();
  return { drained: cutOff === 0, inFlightAtStart, cutOff, ms: Date.now() - started };
}
