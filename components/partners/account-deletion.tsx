"use client";

// The detail page's delete action: a confirmation that says what will happen, then the job's progress (polled)
// until the account is gone.
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Badge, ErrorText } from "@/components/ui/card";
import { AccountStatus } from "@/components/partners/account-table";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { accountProgressAction, deleteAccountAction } from "@/lib/partners/actions";
import type { TAccountView } from "@/lib/partners/schemas";

type TProgress = { gone: boolean; account: TAccountView | null };

export function AccountDeletion({ account }: { account: TAccountView }) {
  const [started, setStarted] = useState(account.status === "deleting");
  const [error, setError] = useState<string | null>(null);
  const del = useMutation({
    mutationFn: deleteAccountAction,
    onSuccess: (res) => {
      if (res.ok) setStarted(true);
      else setError(res.error.message);
    },
  });
  const progress = useQuery<TProgress>({
    queryKey: ["account-progress", account.id],
    enabled: started,
    queryFn: async () => {
      const res = await accountProgressAction({ id: account.id });
      if (!res.ok) throw new Error(res.error.message);
      return res.data;
    },
    refetchInterval: (q) => (q.state.data?.gone ? false : 1000),
  });

  if (started) {
    const data = progress.data;
    const total = account.connection_count;
    return (
      <div role="status" aria-live="polite" className="space-y-2 text-sm" data-testid="deletion-progress">
        {data?.gone ? (
          <p>
            <span className="font-medium">Account deleted.</span> Its connections were disconnected.{" "}
            <Link className="text-indigo-700 hover:underline dark:text-indigo-400" href="/accounts">
              Back to accounts
            </Link>
          </p>
        ) : (
          <>
            <p className="font-medium">Deleting this account…</p>
            <p className="text-zinc-500">
              {data?.account?.deletion
                ? `${String(data.account.deletion.connections_remaining)} of ${String(total)} connection${total === 1 ? "" : "s"} left to disconnect.`
                : "Waiting for the deletion job to start."}
            </p>
          </>
        )}
        {progress.error ? <ErrorText>{progress.error.message}</ErrorText> : null}
      </div>
    );
  }
  const n = account.connection_count;
  return (
    <div className="space-y-2">
      <ConfirmDialog
        trigger="Delete account"
        title={`Delete ${account.external_id}?`}
        confirmLabel="Delete account"
        pending={del.isPending}
        onConfirm={() => {
          setError(null);
          del.mutate({ id: account.id });
        }}
      >
        {n > 0
          ? `Its ${String(n)} connection${n === 1 ? " is" : "s are"} disconnected first: tokens are revoked at each provider and their secrets deleted. `
          : "It has no connections. "}
        Then the account itself is removed. This cannot be undone; a connect link made for it stops working.
      </ConfirmDialog>
      {error ? <ErrorText>{error}</ErrorText> : null}
    </div>
  );
}

/** The header's status badge: follows the deletion progress the delete action polls (same query). */
export function LiveAccountStatus({ account }: { account: TAccountView }) {
  const progress = useQuery<TProgress>({
    queryKey: ["account-progress", account.id],
    enabled: false,
    queryFn: () => Promise.reject(new Error("read from the deletion poll")),
  });
  if (progress.data?.gone) return <Badge tone="neutral">Deleted</Badge>;
  return <AccountStatus account={progress.data?.account ?? account} />;
}
