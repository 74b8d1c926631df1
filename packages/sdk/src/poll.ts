// Polling with an AbortSignal: the wait between two checks ends at once when the signal aborts, and the promise
// rejects with the signal's reason (an AbortError DOMException unless the caller gave another reason).

/** Resolves after `ms`, or rejects with `signal.reason` as soon as the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** The signal's reason as given (usually an AbortError or TimeoutError DOMException). */
function abortReason(signal: AbortSignal): Error {
  return (signal.reason as Error | undefined) ?? new DOMException("This operation was aborted", "AbortError");
}

export type PollOptions = {
  /** Milliseconds between two checks (default 1000). */
  intervalMs?: number;
  /** Give up (reject with a TimeoutError DOMException) after this long. Default: never — pass a signal instead. */
  timeoutMs?: number;
  signal?: AbortSignal;
};

/**
 * Calls `check` until it returns something other than `undefined`, waiting `intervalMs` between calls. A thrown
 * error ends the polling with that error. The signal is passed to `check` so a request in flight is aborted too.
 */
export async function poll<T>(
  check: (signal: AbortSignal | undefined) => Promise<T | undefined>,
  opts: PollOptions = {},
): Promise<T> {
  const intervalMs = Math.max(0, opts.intervalMs ?? 1000);
  const signals = [
    opts.signal,
    opts.timeoutMs === undefined ? undefined : AbortSignal.timeout(opts.timeoutMs),
  ];
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  const signal = present.length > 1 ? anySignal(present) : present[0];
  for (;;) {
    signal?.throwIfAborted();
    const result = await check(signal);
    if (result !== undefined) return result;
    await sleep(intervalMs, signal);
  }
}

/** AbortSignal.any (Node 20.3+, recent browsers), with a small fallback for older runtimes. */
function anySignal(signals: AbortSignal[]): AbortSignal {
  const native = (AbortSignal as { any?: (s: AbortSignal[]) => AbortSignal }).any;
  if (native) return native.call(AbortSignal, signals);
  const controller = new AbortController();
  for (const s of signals) {
    if (s.aborted) {
      controller.abort(s.reason);
      break;
    }
    s.addEventListener("abort", () => controller.abort(s.reason), { once: true });
  }
  return controller.signal;
}
