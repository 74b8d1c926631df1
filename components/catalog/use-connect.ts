"use client";

// The connect flow from the browser's side. The popup is opened synchronously inside the click (so blockers
// allow it), then pointed at the grant's URL. The outcome arrives by postMessage from our callback page — origin
// checked — or, when the provider's COOP headers cut window.opener, by polling the grant. No popup → full-page
// redirect flow back to this page.
import { useCallback, useEffect, useRef, useState } from "react";
import {
  grantStatusAction,
  startConnectAction,
  startReconnectAction,
} from "@/lib/connections/connect-actions";

export type TConnectState =
  | { phase: "idle" }
  | { phase: "waiting"; grantId: string }
  | { phase: "connected"; connectionId: string }
  | { phase: "failed"; message: string; fieldErrors?: Record<string, string> };

type TStart = { provider: string; params: Record<string, string>; shared: boolean; label?: string };

const POLL_MS = 1500;

export function useConnect(onDone: (s: TConnectState) => void) {
  const [state, setState] = useState<TConnectState>({ phase: "idle" });
  const stop = useRef<() => void>(() => undefined);
  useEffect(() => () => stop.current(), []);

  const finish = useCallback(
    (s: TConnectState) => {
      stop.current();
      setState(s);
      onDone(s);
    },
    [onDone],
  );

  const watch = useCallback(
    (grantId: string, popup: Window) => {
      const onMessage = (e: MessageEvent) => {
        const d = e.data as {
          type?: string;
          grant_id?: string;
          status?: string;
          connection_id?: string;
          error?: { description?: string };
        };
        if (e.origin !== window.location.origin || d?.type !== "patchbay:oauth" || d.grant_id !== grantId)
          return;
        if (d.status === "connected" && d.connection_id)
          finish({ phase: "connected", connectionId: d.connection_id });
        else finish({ phase: "failed", message: d.error?.description ?? "The connection failed." });
      };
      window.addEventListener("message", onMessage);
      let closedSince: number | null = null;
      const timer = window.setInterval(() => {
        void grantStatusAction({ grantId }).then((res) => {
          if (!res.ok) return;
          const g = res.data;
          if (g.status === "connected" && g.connection_id)
            finish({ phase: "connected", connectionId: g.connection_id });
          else if (g.status === "failed" || g.status === "expired")
            finish({ phase: "failed", message: g.error?.description ?? `The connection ${g.status}.` });
          else if (popup.closed) {
            // Closed without an outcome: give the callback a moment to land, then call it cancelled.
            closedSince ??= Date.now();
            if (Date.now() - closedSince > 4 * POLL_MS)
              finish({ phase: "failed", message: "The window was closed before the connection finished." });
          }
        });
      }, POLL_MS);
      stop.current = () => {
        window.removeEventListener("message", onMessage);
        window.clearInterval(timer);
      };
    },
    [finish],
  );

  /** Opens the popup inside the click, asks the server for the grant, then points the popup at it. */
  const begin = useCallback(
    (
      windowName: string,
      call: (
        mode: "popup" | "redirect",
        returnTo: string | undefined,
      ) => ReturnType<typeof startConnectAction>,
    ) => {
      const popup = window.open("about:blank", windowName, "popup,width=520,height=720");
      const mode = popup ? "popup" : "redirect";
      void call(mode, mode === "redirect" ? window.location.href.split("?")[0] : undefined).then((res) => {
        if (!res.ok) {
          popup?.close();
          const issues =
            (res.error.details as { issues?: { path: string; message: string }[] } | undefined)?.issues ?? [];
          const fieldErrors = Object.fromEntries(
            issues.map((i) => [i.path.split(".").pop() ?? "", i.message]),
          );
          finish({ phase: "failed", message: res.error.message, fieldErrors });
          return;
        }
        if (!popup) {
          window.location.assign(res.data.authorization_url);
          return;
        }
        popup.location.href = res.data.authorization_url;
        setState({ phase: "waiting", grantId: res.data.grant_id });
        watch(res.data.grant_id, popup);
      });
    },
    [finish, watch],
  );

  const start = useCallback(
    (input: TStart) =>
      begin(`patchbay-connect-${input.provider}`, (mode, return_to) =>
        startConnectAction({ ...input, mode, return_to }),
      ),
    [begin],
  );

  /** The connect flow again, into the same connection (same id, label, settings, roles). */
  const reconnect = useCallback(
    (connectionId: string) =>
      begin(`patchbay-reconnect-${connectionId}`, (mode, return_to) =>
        startReconnectAction({ id: connectionId, mode, return_to }),
      ),
    [begin],
  );

  return { state, start, reconnect };
}
