"use client";

// The connections list with row selection and bulk actions. A bulk action runs as jobs on the server (one per
// connection, each checked against the caller's rights when it runs); this component starts it and shows its
// progress until every connection has an outcome, then re-renders the page from the server.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { CopyId } from "@/components/connections/copy-id";
import { ReconnectButton } from "@/components/connections/reconnect-button";
import { StatusBadge } from "@/components/connections/status-badge";
import { unwrap } from "@/components/connections/use-connection-detail";
import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DateTime } from "@/components/ui/date-time";
import { ProviderLogo } from "@/components/ui/provider-logo";
import { getBulkOperationAction, startBulkOperationAction } from "@/lib/connections/actions";
import type { TBulkAction } from "@/lib/connections/bulk-job";
import type { TBulkOperationView } from "@/lib/connections/get-bulk-operation";

export type TConnectionListRow = {
  id: string;
  providerName: string;
  providerLogo: string;
  account: string;
  owner: string;
  brand: string | null;
  status: string;
  createdAt: string;
  reconnect: boolean;
};

const VERB: Record<TBulkAction, string> = {
  test: "Testing",
  refresh: "Refreshing",
  disable: "Disabling",
  enable: "Enabling",
  disconnect: "Disconnecting",
};

function BulkProgress({ op, onDone }: { op: TBulkOperationView; onDone: () => void }) {
  const { data, error } = useQuery({
    queryKey: ["bulk-operation", op.id],
    initialData: op,
    queryFn: () => unwrap(getBulkOperationAction({ id: op.id })),
    refetchInterval: (q) => (q.state.data?.status === "finished" ? false : 1_000),
  });
  const finished = data.status === "finished";
  useEffect(() => {
    if (finished) onDone();
  }, [finished, onDone]);
  const done = data.succeeded + data.failed;
  return (
    <div
      role="status"
      aria-live="polite"
      data-testid="bulk-progress"
      className="mb-4 rounded-lg border border-zinc-200 bg-white p-4 text-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex items-center justify-between gap-4">
        <span className="font-medium">
          {finished ? "Finished" : VERB[data.action as TBulkAction] ?? "Working on"} {data.total} connection(s):{" "}
          {done} of {data.total} done, {data.succeeded} succeeded, {data.failed} failed
        </span>
      </div>
      <progress className="mt-2 h-2 w-full" max={data.total} value={done} aria-label="Bulk action progress" />
      {error ? <ErrorText>Could not read the progress: {error.message}</ErrorText> : null}
      {data.failures.length ? (
        <details className="mt-2">
          <summary className="cursor-pointer text-xs text-zinc-500">Failures ({data.failed})</summary>
          <ul className="mt-1 max-h-48 space-y-0.5 overflow-y-auto text-xs">
            {data.failures.map((f) => (
              <li key={f.connection_id}>
                <code>{f.connection_id}</code>: {f.message} ({f.code})
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}

export function ConnectionTable({ rows, showBrand }: { rows: TConnectionListRow[]; showBrand: boolean }) {
  const router = useRouter();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [op, setOp] = useState<TBulkOperationView | null>(null);
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const allOnPage = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  async function start(action: TBulkAction) {
    setPending(true);
    setFailure(null);
    try {
      setOp(await unwrap(startBulkOperationAction({ action, connection_ids: [...selected] })));
      setSelected(new Set());
    } catch (e) {
      setFailure(e instanceof Error ? e.message : "The bulk action could not be started.");
    } finally {
      setPending(false);
    }
  }
  const n = selected.size;

  return (
    <>
      {op ? <BulkProgress key={op.id} op={op} onDone={() => router.refresh()} /> : null}
      {n > 0 ? (
        <div
          role="toolbar"
          aria-label="Bulk actions"
          className="mb-3 flex flex-wrap items-center gap-2 rounded-lg border border-indigo-200 bg-indigo-50 px-3 py-2 text-sm dark:border-indigo-900 dark:bg-indigo-950"
        >
          <span className="mr-2 font-medium">{n} selected</span>
          <Button variant="secondary" disabled={pending} onClick={() => void start("test")}>
            Test
          </Button>
          <Button variant="secondary" disabled={pending} onClick={() => void start("refresh")}>
            Refresh
          </Button>
          <Button variant="secondary" disabled={pending} onClick={() => void start("enable")}>
            Enable
          </Button>
          <ConfirmDialog
            trigger="Disable"
            title={`Disable ${n} connection(s)?`}
            confirmLabel={`Disable ${n}`}
            pending={pending}
            onConfirm={() => void start("disable")}
          >
            They stop answering the proxy and credential requests until enabled again. Nothing is deleted.
          </ConfirmDialog>
          <ConfirmDialog
            trigger="Disconnect"
            title={`Disconnect ${n} connection(s)?`}
            confirmLabel={`Disconnect ${n}`}
            pending={pending}
            onConfirm={() => void start("disconnect")}
          >
            Their tokens are revoked at the providers and the connections are deleted with their secrets. This
            cannot be undone; reconnecting makes new connections with new ids.
          </ConfirmDialog>
          <Button variant="ghost" onClick={() => setSelected(new Set())}>
            Clear selection
          </Button>
        </div>
      ) : null}
      {failure ? (
        <div className="mb-3">
          <ErrorText>{failure}</ErrorText>
        </div>
      ) : null}
      <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <table className="w-full text-sm">
          <thead className="border-b border-zinc-200 text-left text-xs uppercase text-zinc-500 dark:border-zinc-800">
            <tr>
              <th className="w-8 px-3 py-2">
                <input
                  type="checkbox"
                  aria-label="Select all on this page"
                  checked={allOnPage}
                  onChange={() => setSelected(allOnPage ? new Set() : new Set(rows.map((r) => r.id)))}
                />
              </th>
              <th className="py-2 pr-4">Provider</th>
              <th>Account</th>
              <th>Owner</th>
              {showBrand ? <th>Brand</th> : null}
              <th>Status</th>
              <th>Connected</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {rows.map((c) => (
              <tr key={c.id} data-testid="connection-row">
                <td className="px-3 py-2">
                  <input
                    type="checkbox"
                    aria-label={`Select ${c.providerName} ${c.account}`}
                    checked={selected.has(c.id)}
                    onChange={() => toggle(c.id)}
                  />
                </td>
                <td className="py-2 pr-4">
                  <div className="flex items-center gap-2">
                    <ProviderLogo src={c.providerLogo} name={c.providerName} size={24} />
                    <div className="min-w-0">
                      <Link className="font-medium hover:underline" href={`/connections/${c.id}`}>
                        {c.providerName}
                      </Link>
                      <div>
                        <CopyId id={c.id} />
                      </div>
                    </div>
                  </div>
                </td>
                <td className="text-zinc-600 dark:text-zinc-400">{c.account || "—"}</td>
                <td className="text-xs">{c.owner}</td>
                {showBrand ? <td className="text-xs">{c.brand}</td> : null}
                <td>
                  <StatusBadge status={c.status} />
                </td>
                <td className="text-xs">
                  <DateTime iso={c.createdAt} />
                </td>
                <td className="px-2 text-right">
                  {c.reconnect ? <ReconnectButton connectionId={c.id} providerName={c.providerName} compact /> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
