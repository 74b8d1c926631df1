// A plain <button> on useConnect: keyboard and screen readers get a native button, aria-busy while the flow
// runs (it stays focusable; a second click while busy does nothing), and a polite live region saying what happens.
import type { ButtonHTMLAttributes, CSSProperties, ReactNode } from "react";
import { useConnect, type TUseConnectOptions } from "./use-connect.ts";

export type TConnectButtonProps = TUseConnectOptions &
  Omit<ButtonHTMLAttributes<HTMLButtonElement>, "onClick" | "onError" | "type" | "children"> & {
    children?: ReactNode;
    /** Shown while the popup is open (default "Connecting…"). */
    busyLabel?: ReactNode;
    /** Announced to screen readers while waiting (default "Finish connecting in the other window."). */
    waitingText?: string;
    /** Shown beside the button, with a Cancel button, when the popup reads as closed but the user is still at the
     * provider (its Cross-Origin-Opener-Policy cut the window off; default "Still waiting for the other window."). */
    cutOffText?: ReactNode;
  };

const visuallyHidden: CSSProperties = {
  position: "absolute",
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: "hidden",
  clip: "rect(0,0,0,0)",
  whiteSpace: "nowrap",
  border: 0,
};

export function ConnectButton(props: TConnectButtonProps) {
  const {
    url,
    resolve,
    patchbayOrigin,
    pollUrl,
    poll,
    pollInterval,
    closedGraceMs,
    windowName,
    popupFeatures,
    handleRedirectReturn,
    onSuccess,
    onError,
    children,
    busyLabel,
    waitingText,
    cutOffText,
    ...button
  } = props;
  const c = useConnect({
    url,
    resolve,
    patchbayOrigin,
    pollUrl,
    poll,
    pollInterval,
    closedGraceMs,
    windowName,
    popupFeatures,
    handleRedirectReturn,
    onSuccess,
    onError,
  });
  const status =
    c.phase === "waiting"
      ? (waitingText ?? "Finish connecting in the other window.")
      : c.phase === "redirecting"
        ? "Opening the connect page…"
        : c.phase === "success"
          ? "Connected."
          : c.phase === "error"
            ? (c.error?.message ?? "The connection failed.")
            : "";
  return (
    <>
      <button
        type="button"
        {...button}
        aria-busy={c.busy}
        data-phase={c.phase}
        onClick={() => c.connect()}
      >
        {c.busy ? (busyLabel ?? "Connecting…") : (children ?? "Connect")}
      </button>
      {c.cutOff ? (
        <span data-patchbay-cut-off="">
          {" "}
          {cutOffText ?? "Still waiting for the other window."}{" "}
          <button type="button" onClick={c.cancel}>
            Cancel
          </button>
        </span>
      ) : null}
      <span role="status" aria-live="polite" style={visuallyHidden}>
        {status}
      </span>
    </>
  );
}
