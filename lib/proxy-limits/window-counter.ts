// Fixed one-minute windows counted in process memory: the proxy's hot path must not write to the database per
// request (issue 8 §3/§4). The price: each instance counts on its own, so with N instances behind a load balancer
// a caller can reach up to N × the limit. Said in the README; a shared counter would cost a round trip each.
export const WINDOW_SEC = 60;

type TWindow = { start: number; count: number };

export type TWindowState = { limit: number; remaining: number; resetSec: number; windowSec: number };

const g = globalThis as { __patchbayProxyWindows?: Map<string, TWindow> };
const windows = (g.__patchbayProxyWindows ??= new Map<string, TWindow>());
let lastSweep = 0;

function windowStart(now: number) {
  const ms = WINDOW_SEC * 1000;
  return Math.floor(now / ms) * ms;
}

function sweep(start: number) {
  if (lastSweep === start) return;
  lastSweep = start;
  for (const [k, w] of windows) if (w.start < start) windows.delete(k);
}

/** The state of `key`'s current window without counting anything. */
export function peekWindow(key: string, limit: number, now = Date.now()): TWindowState {
  const start = windowStart(now);
  sweep(start);
  const w = windows.get(key);
  const count = w && w.start === start ? w.count : 0;
  return {
    limit,
    remaining: Math.max(0, limit - count),
    resetSec: Math.max(1, Math.ceil((start + WINDOW_SEC * 1000 - now) / 1000)),
    windowSec: WINDOW_SEC,
  };
}

export function countInWindow(key: string, now = Date.now()): void {
  const start = windowStart(now);
  const w = windows.get(key);
  if (w && w.start === start) w.count++;
  else windows.set(key, { start, count: 1 });
}

/** Tests only: forget every window. */
export function resetWindowsForTests() {
  windows.clear();
}
