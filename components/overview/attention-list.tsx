import Link from "next/link";
import { ReconnectButton } from "@/components/connections/reconnect-button";
import { StatusBadge } from "@/components/connections/status-badge";
import { Badge, Card } from "@/components/ui/card";
import { ProviderLogo } from "@/components/ui/provider-logo";

export type TAttentionItem = {
  id: string;
  providerName: string;
  providerLogo: string;
  account: string | null;
  brandName: string;
  status: string;
  reason: "needs_reauth" | "error" | "expiring";
  message: string | null;
  oauth: boolean;
};

const WHAT_TO_DO: Record<TAttentionItem["reason"], string> = {
  needs_reauth: "The provider no longer accepts the credentials: reconnect to sign in again.",
  error: "The last check or refresh failed: open it to see why, then test or reconnect.",
  expiring: "The token expires soon and cannot be renewed: reconnect before then.",
};

/** The connections that need someone, first (limited; the total says how many more). */
export function AttentionList({
  items,
  total,
  cap,
}: {
  items: TAttentionItem[];
  total: number;
  cap: number;
}) {
  return (
    <Card className="min-w-0">
      <div className="flex items-baseline justify-between gap-2">
        <h2 className="font-medium">Needs attention</h2>
        {total > items.length ? (
          <span className="text-xs text-zinc-500">
            Showing {items.length} of {total >= cap ? `${cap.toLocaleString("en-US")}+` : total}
          </span>
        ) : null}
      </div>
      {items.length === 0 ? (
        <p className="mt-2 text-sm text-zinc-500" data-testid="attention-empty">
          <span aria-hidden>✓ </span>Nothing needs attention: every connection is working.
        </p>
      ) : (
        <ul
          className="mt-3 divide-y divide-zinc-100 dark:divide-zinc-800"
          aria-label="Connections needing attention"
        >
          {items.map((c) => (
            <li key={c.id} className="flex flex-wrap items-center gap-3 py-2" data-testid="attention-item">
              <ProviderLogo src={c.providerLogo} name={c.providerName} size={24} />
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-center gap-2">
                  <Link href={`/connections/${c.id}`} className="font-medium hover:underline">
                    {c.providerName}
                    {c.account ? <span className="font-normal text-zinc-500"> · {c.account}</span> : null}
                  </Link>
                  {c.reason === "expiring" ? (
                    <Badge tone="amber">Expires soon</Badge>
                  ) : (
                    <StatusBadge status={c.status} />
                  )}
                  <span className="text-xs text-zinc-500">{c.brandName}</span>
                </div>
                <p className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">
                  {c.message ?? WHAT_TO_DO[c.reason]}
                </p>
              </div>
              {c.oauth && c.reason !== "error" ? (
                <ReconnectButton connectionId={c.id} providerName={c.providerName} compact />
              ) : (
                <Link
                  href={`/connections/${c.id}`}
                  className="text-xs font-medium text-indigo-600 hover:underline"
                >
                  Open →
                </Link>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
