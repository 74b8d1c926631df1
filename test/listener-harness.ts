// The set-up both listener suites share (proxy-listener, proxy-listener-node): one dedicated listener on a free
// port for the file, private upstreams allowed, a clean throttle per test, and after each test the host map, the
// proxy's pools, the test's fake provider and anything it registered in `closers` cleaned up.
import { afterAll, beforeAll } from "vitest";
import type { FakeHandle } from "@/e2e/fixtures/fake-providers";
import { startListener, type TListener } from "@/lib/listener/listener";
import { stopQueue } from "@/lib/queue/queue";
import { proxyTestHooks } from "./proxy-fixtures";

export type TListenerHarness = {
  /** the listener's origin, set before the first test */
  base: string;
  /** the test's fake provider (closed after the test) */
  fake: FakeHandle | undefined;
  /** run after the test, e.g. closing a server of the test's own */
  closers: (() => Promise<void>)[];
};

/** Registers the hooks in the calling test file; the returned object is filled in as they run. */
export function listenerHarness(): TListenerHarness {
  const h: TListenerHarness = { base: "", fake: undefined, closers: [] };
  let listener: TListener;
  beforeAll(async () => {
    listener = await startListener(0, "127.0.0.1");
    h.base = `http://127.0.0.1:${String(listener.port)}`;
  });
  afterAll(async () => {
    await listener.close();
    await stopQueue(2_000);
  });
  proxyTestHooks(async () => {
    await h.fake?.close();
    h.fake = undefined;
    await Promise.all(h.closers.splice(0).map((c) => c()));
  });
  return h;
}
