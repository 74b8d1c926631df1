// The connect flow from the partner's page (or Patchbay's own dashboard), headless.
//
// Order of events, and why:
// 1. Inside the click, before any await, window.open — a popup opened after an await is blocked by browsers.
//    With a `resolve` option (the URL is made after the click) the popup opens on about:blank and is pointed at
//    the URL once it is known.
// 2. The outcome arrives by whichever comes first:
//    - a postMessage from the popup, accepted only from Patchbay's origin, only from that popup, only in the
//      documented shape (Patchbay posts it to the origin of the session's allow-listed redirect URL);
//    - the status endpoint, polled every `pollInterval` ms: when the provider's Cross-Origin-Opener-Policy cut
//      window.opener, the popup cannot post anything, so polling is what completes the flow;
// 3. window.open returned null (blocked): the whole page goes to the URL instead, and Patchbay's callback sends
//    the browser back to the redirect URL the partner's server registered (allow-listed there, never chosen
//    here). A note in sessionStorage lets this page recognise its own return and confirm it with the status
//    endpoint, so a crafted ?status=success link on its own reports nothing.
// 4. The user closes the popup: after `closedGraceMs` and one last status check it ends as `cancelled`.
//    But a provider's Cross-Origin-Opener-Policy makes an open popup read as closed too (Chromium: at once).
//    So while the status endpoint says a browser is at the provider (`in_progress`: the link was opened, no
//    callback yet — bounded by the grant's 10 minutes), the grace does not run: the flow waits, `cutOff` is
//    true (a page can offer Cancel), and the grace starts over once the server stops saying so.
import { useCallback, useEffect, useRef, useState } from "react";
import {
  inspectUrl,
  parseMessage,
  parseReturnQuery,
  parseStatus,
  sessionStatusPoll,
  type TConnectError,
  type TConnectStatus,
  type TConnectSuccess,
  type TPollSpec,
} from "./protocol.ts";

/** Where to send the browser, and how to learn the outcome without the popup's message. */
export type TConnectTarget = {
  /** A connect session's connect_url (…/connect/cs1_…) or a grant's authorization_url (…/oauth/authorize/grant_…). */
  url: string;
  /** A status endpoint answering { status, connection_id, provider, error }; default for a connect session: its public status endpoint. */
  pollUrl?: string;
  /** Or a function answering the same shape (the dashboard calls a server action). */
  poll?: () => Promise<unknown>;
  /** The grant the popup's message must name (when known). */
  grantId?: string;
};

export type TUseConnectOptions = {
  /** The URL produced by your server (connect_url of POST /api/v1/connect-sessions, or a grant's authorization_url). */
  url?: string;
  /** Or: make the target after the click (the popup is already open on about:blank while this runs). */
  resolve?: (mode: "popup" | "redirect") => Promise<TConnectTarget>;
  /** Patchbay's origin, the only origin a completion message is accepted from. Default: the URL's origin. */
  patchbayOrigin?: string;
  /** Status endpoint to poll (see TConnectTarget.pollUrl); `false` turns polling off (the message only). */
  pollUrl?: string | false;
  poll?: () => Promise<unknown>;
  /** ms between status checks (default 1500). */
  pollInterval?: number;
  /** ms after the popup reads as closed before the flow ends as cancelled (default 4 × pollInterval). */
  closedGraceMs?: number;
  windowName?: string;
  popupFeatures?: string;
  /** Report the outcome when this page is the redirect fallback's return (default true). */
  handleRedirectReturn?: boolean;
  onSuccess?: (result: TConnectSuccess) => void;
  onError?: (error: TConnectError) => void;
};

export type TConnectPhase = "idle" | "opening" | "waiting" | "redirecting" | "success" | "error";

/** Per-call overrides (one hook for a list of providers, each with its own URL or window). */
export type TConnectOverrides = Pick<TUseConnectOptions, "url" | "resolve" | "windowName">;

export type TUseConnect = {
  /** Call it from the click handler itself (synchronously), or the popup is blocked. */
  connect: (overrides?: TConnectOverrides) => void;
  /** Stop waiting (closes the popup); ends as `cancelled`. */
  cancel: () => void;
  phase: TConnectPhase;
  busy: boolean;
  /** Waiting although the popup reads as closed: the server says a browser is at the provider (COOP cut us off). */
  cutOff: boolean;
  result: TConnectSuccess | null;
  error: TConnectError | null;
};

const RETURN_KEY = "patchbay:connect:pending";
const RETURN_MAX_AGE_MS = 60 * 60 * 1000;
const RETURN_PARAMS = ["status", "connection_id", "provider", "error", "grant_id"];

type TCancelled = { status: "cancelled"; message?: string };

type TReturnNote = { poll: TPollSpec | null; at: number };

function pollerFor(spec: TPollSpec | null, poll: (() => Promise<unknown>) | undefined) {
  if (poll) return async () => parseStatus(await poll());
  if (!spec) return null;
  return async (): Promise<TConnectStatus | null> => {
    const res = await fetch(spec.url, { cache: "no-store", headers: { accept: "application/json", ...spec.headers } });
    if (!res.ok) return null;
    return parseStatus(await res.json());
  };
}

function pollSpecOf(opts: TUseConnectOptions, target: TConnectTarget): TPollSpec | null {
  if (opts.pollUrl === false) return null;
  if (target.pollUrl) return { url: target.pollUrl };
  if (opts.pollUrl) return { url: opts.pollUrl };
  const info = inspectUrl(target.url);
  return info?.sessionToken ? sessionStatusPoll(info.origin, info.sessionToken) : null;
}

const isPollSpec = (v: unknown): v is TPollSpec =>
  typeof v === "object" && v !== null && typeof (v as { url?: unknown }).url === "string";

export function useConnect(options: TUseConnectOptions): TUseConnect {
  const opts = useRef(options);
  useEffect(() => {
    opts.current = options;
  });
  const [phase, setPhase] = useState<TConnectPhase>("idle");
  const [result, setResult] = useState<TConnectSuccess | null>(null);
  const [error, setError] = useState<TConnectError | null>(null);
  const [cutOff, setCutOff] = useState(false);
  const running = useRef(false);
  const stop = useRef<() => void>(() => undefined);
  useEffect(() => () => stop.current(), []);

  const finish = useCallback((outcome: TConnectStatus | TCancelled, via: TConnectSuccess["via"]) => {
    stop.current();
    stop.current = () => undefined;
    running.current = false;
    setCutOff(false);
    if (outcome.status === "connected") {
      const r: TConnectSuccess = { connectionId: outcome.connectionId, provider: outcome.provider, via };
      setResult(r);
      setError(null);
      setPhase("success");
      opts.current.onSuccess?.(r);
      return;
    }
    if (outcome.status === "pending") return;
    const e =
      outcome.status === "cancelled"
        ? { code: "cancelled", message: outcome.message ?? "The window was closed before the connection finished." }
        : outcome.error;
    setError(e);
    setResult(null);
    setPhase("error");
    opts.current.onError?.(e);
  }, []);

  const watch = useCallback(
    (popup: Window, target: TConnectTarget) => {
      const o = opts.current;
      const origin = o.patchbayOrigin ?? inspectUrl(target.url)?.origin ?? null;
      const grantId = target.grantId ?? inspectUrl(target.url)?.grantId ?? null;
      const check = pollerFor(pollSpecOf(o, target), target.poll ?? o.poll);
      const interval = o.pollInterval ?? 1500;
      const grace = o.closedGraceMs ?? 4 * interval;
      let done = false;
      let inFlight = false;
      let closedAt: number | null = null;
      let leaveOpen = false;

      const onMessage = (e: MessageEvent) => {
        if (done || origin === null || e.origin !== origin || e.source !== popup) return;
        const outcome = parseMessage(e.data, grantId);
        if (outcome) end(outcome, "message");
      };
      const end = (outcome: TConnectStatus | TCancelled, via: TConnectSuccess["via"]) => {
        if (done || outcome.status === "pending") return;
        done = true;
        // A popup that posted its message closes itself (after showing the outcome briefly); otherwise close it.
        if (via === "message") leaveOpen = true;
        finish(outcome, via);
      };
      const tick = () => {
        if (done || inFlight) return;
        if (popup.closed) closedAt ??= Date.now();
        const giveUp = closedAt !== null && Date.now() - closedAt >= grace;
        if (!check) {
          if (giveUp) end({ status: "cancelled" }, "poll");
          return;
        }
        inFlight = true;
        check()
          .catch(() => null) // a network blip: try again next tick
          .then((s) => {
            inFlight = false;
            if (done) return;
            if (s && s.status !== "pending") return end(s, "poll");
            if (s?.inProgress && closedAt !== null) {
              // Reads as closed, yet a browser is at the provider: cut off by COOP (or closed at the provider,
              // which the grant's expiry settles). Not a cancel; the grace starts over when this stops.
              closedAt = null;
              setCutOff(true);
              return;
            }
            if (s && !s.inProgress) setCutOff(false);
            if (giveUp) end({ status: "cancelled" }, "poll");
          })
          .catch(() => undefined);
      };
      window.addEventListener("message", onMessage);
      const timer = window.setInterval(tick, interval);
      stop.current = () => {
        done = true;
        window.removeEventListener("message", onMessage);
        window.clearInterval(timer);
        try {
          if (!leaveOpen && !popup.closed) popup.close();
        } catch {
          // a popup we can no longer reach
        }
      };
    },
    [finish],
  );

  const fail = useCallback((e: TConnectError) => {
    running.current = false;
    setError(e);
    setPhase("error");
    opts.current.onError?.(e);
  }, []);

  const redirect = useCallback((target: TConnectTarget) => {
    const note: TReturnNote = { poll: pollSpecOf(opts.current, target), at: Date.now() };
    try {
      if (opts.current.handleRedirectReturn !== false) window.sessionStorage.setItem(RETURN_KEY, JSON.stringify(note));
    } catch {
      // storage refused (private mode): the return then reports nothing; the redirect URL's page still gets the query
    }
    setPhase("redirecting");
    window.location.assign(target.url);
  }, []);

  const connect = useCallback((overrides?: TConnectOverrides) => {
    if (running.current) return;
    const o = { ...opts.current, ...overrides };
    const known = o.url ? inspectUrl(o.url, window.location.href) : null;
    if (!o.resolve && !known) {
      fail({ code: "invalid_url", message: "The connect URL is missing or not an http(s) URL." });
      return;
    }
    running.current = true;
    setError(null);
    setResult(null);
    setPhase("opening");
    // Synchronously, inside the click: no await above this line.
    const popup = window.open(
      o.resolve ? "about:blank" : new URL(o.url!, window.location.href).toString(),
      o.windowName ?? "patchbay-connect",
      o.popupFeatures ?? "popup,width=520,height=720",
    );
    if (!o.resolve) {
      const target: TConnectTarget = { url: new URL(o.url!, window.location.href).toString() };
      if (!popup) return redirect(target);
      setPhase("waiting");
      return watch(popup, target);
    }
    o.resolve(popup ? "popup" : "redirect").then(
      (target) => {
        if (!inspectUrl(target.url)) throw new Error("not an http(s) URL");
        if (!popup) return redirect(target);
        popup.location.href = target.url;
        setPhase("waiting");
        watch(popup, target);
      },
      (err: unknown) => {
        popup?.close();
        const message = err instanceof Error && err.message ? err.message : "Could not start the connection.";
        const code =
          typeof err === "object" && err !== null && typeof (err as { code?: unknown }).code === "string"
            ? (err as { code: string }).code
            : "start_failed";
        fail({ code, message });
      },
    );
  }, [fail, redirect, watch]);

  const cancel = useCallback(() => {
    if (running.current) finish({ status: "cancelled", message: "Connecting was cancelled." }, "poll");
  }, [finish]);

  // Back from the redirect fallback: report the outcome once, confirmed by the status endpoint when there is one.
  useEffect(() => {
    if (opts.current.handleRedirectReturn === false) return;
    let note: TReturnNote | null = null;
    try {
      const raw = window.sessionStorage.getItem(RETURN_KEY);
      note = raw ? (JSON.parse(raw) as TReturnNote) : null;
    } catch {
      note = null;
    }
    const url = new URL(window.location.href);
    const fromQuery = parseReturnQuery(url.searchParams);
    if (!note || !fromQuery || typeof note.at !== "number" || Date.now() - note.at > RETURN_MAX_AGE_MS) return;
    try {
      window.sessionStorage.removeItem(RETURN_KEY);
    } catch {
      // nothing to clean
    }
    for (const k of RETURN_PARAMS) url.searchParams.delete(k);
    window.history.replaceState(window.history.state, "", url.toString());
    const check = pollerFor(isPollSpec(note.poll) ? note.poll : null, opts.current.poll);
    running.current = true;
    void (async () => {
      const confirmed = check ? await check().catch(() => null) : null;
      finish(confirmed && confirmed.status !== "pending" ? confirmed : fromQuery, "redirect");
    })();
  }, [finish]);

  return {
    connect,
    cancel,
    phase,
    busy: phase === "opening" || phase === "waiting" || phase === "redirecting",
    cutOff,
    result,
    error,
  };
}
