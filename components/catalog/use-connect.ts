"use client";

// The dashboard's connect flow, on the same hook partners use (@patchbay/react's useConnect: popup opened inside
// the click, the callback's postMessage checked for origin and source, polling when COOP cut window.opener, a
// full-page redirect when the popup is blocked, "cancelled" when the window is closed). What is ours here: the
// grant comes from a server action after the click (the popup waits on about:blank meanwhile), the status from
// another, and field errors of a refused start go back to the dialog. The catalog reads the redirect's return
// query itself, so the hook's own return handling is off.
import { useConnect as usePatchbayConnect, type TConnectTarget } from "@patchbay/react";
import { useCallback, useRef, useState } from "react";
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
type TCall = (mode: "popup" | "redirect", returnTo: string | undefined) => ReturnType<typeof startConnectAction>;

export function useConnect(onDone: (s: TConnectState) => void) {
  const [state, setState] = useState<TConnectState>({ phase: "idle" });
  const fieldErrors = useRef<Record<string, string> | undefined>(undefined);

  const finish = useCallback(
    (s: TConnectState) => {
      setState(s);
      onDone(s);
    },
    [onDone],
  );

  const { connect, cancel, cutOff } = usePatchbayConnect({
    handleRedirectReturn: false,
    onSuccess: (r) => finish({ phase: "connected", connectionId: r.connectionId }),
    onError: (e) => finish({ phase: "failed", message: e.message, fieldErrors: fieldErrors.current }),
  });

  const begin = useCallback(
    (windowName: string, call: TCall) => {
      fieldErrors.current = undefined;
      connect({
        windowName,
        resolve: async (mode): Promise<TConnectTarget> => {
          const res = await call(mode, mode === "redirect" ? window.location.href.split("?")[0] : undefined);
          if (!res.ok) {
            const issues =
              (res.error.details as { issues?: { path: string; message: string }[] } | undefined)?.issues ?? [];
            fieldErrors.current = Object.fromEntries(issues.map((i) => [i.path.split(".").pop() ?? "", i.message]));
            throw Object.assign(new Error(res.error.message), { code: res.error.code });
          }
          const grantId = res.data.grant_id;
          if (mode === "popup") setState({ phase: "waiting", grantId });
          return {
            url: res.data.authorization_url,
            grantId,
            poll: async () => {
              const s = await grantStatusAction({ grantId });
              return s.ok ? s.data : null;
            },
          };
        },
      });
    },
    [connect],
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

  return { state, start, reconnect, cancel, cutOff };
}
