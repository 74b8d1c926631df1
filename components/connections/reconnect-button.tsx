"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCallback, useState } from "react";
import { useConnect, type TConnectState } from "@/components/catalog/use-connect";
import { connectionKey } from "@/components/connections/use-connection-detail";
import { Button } from "@/components/ui/button";

/**
 * Reconnect: the provider's sign-in again, into the SAME connection (same id, label, settings, roles), so callers
 * that stored the id keep working. Used on the detail page and in the connections list.
 */
export function ReconnectButton({
  connectionId,
  providerName,
  variant = "secondary",
  compact = false,
}: {
  connectionId: string;
  providerName: string;
  variant?: "primary" | "secondary";
  compact?: boolean;
}) {
  const router = useRouter();
  const qc = useQueryClient();
  const [done, setDone] = useState<TConnectState | null>(null);
  const onDone = useCallback(
    (s: TConnectState) => {
      setDone(s);
      if (s.phase === "connected") {
        void qc.invalidateQueries({ queryKey: connectionKey(connectionId) });
        router.refresh();
      }
    },
    [qc, router, connectionId],
  );
  const { state, reconnect, cancel } = useConnect(onDone);
  const waiting = state.phase === "waiting";
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Button
        variant={variant}
        className={compact ? "px-2 py-0.5 text-xs" : undefined}
        disabled={waiting}
        aria-label={`Reconnect ${providerName}`}
        data-testid="reconnect"
        onClick={() => {
          setDone(null);
          reconnect(connectionId);
        }}
      >
        {waiting ? "Reconnecting…" : "Reconnect"}
      </Button>
      <span role="status" aria-live="polite" className="text-xs">
        {waiting ? (
          <span className="text-zinc-500">
            Finish signing in in the other window…{" "}
            <button type="button" className="underline" onClick={cancel}>
              Cancel
            </button>
          </span>
        ) : null}
        {done?.phase === "connected" ? (
          <span className="text-emerald-700 dark:text-emerald-400">✓ Reconnected</span>
        ) : null}
        {done?.phase === "failed" ? (
          <span className="text-red-700 dark:text-red-400">{done.message}</span>
        ) : null}
      </span>
    </span>
  );
}
