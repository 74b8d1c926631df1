import type { ReactNode } from "react";
import { RelativeTime, useNow } from "@/components/connections/relative-time";
import { Badge, Card } from "@/components/ui/card";
import type { TConnectionView } from "@/lib/connections/schemas";

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[10rem_1fr] gap-3 py-2 text-sm">
      <dt className="text-zinc-500">{label}</dt>
      <dd className="min-w-0">{children}</dd>
    </div>
  );
}

function When({ iso, empty }: { iso: string | null; empty: string }) {
  return iso ? <RelativeTime iso={iso} /> : <span className="text-zinc-500">{empty}</span>;
}

/** An expiry says in words whether it has passed: colour alone would not. */
function Expiry({ iso, empty }: { iso: string | null; empty: string }) {
  const now = useNow();
  if (!iso) return <span className="text-zinc-500">{empty}</span>;
  const expired = new Date(iso).getTime() <= now;
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      {expired ? <Badge tone="amber">Expired</Badge> : null}
      <RelativeTime iso={iso} />
    </span>
  );
}

export function HealthCard({ connection }: { connection: TConnectionView }) {
  const oauth = connection.auth_mode === "oauth2";
  return (
    <Card>
      <h2 className="mb-2 font-medium">Health</h2>
      <dl className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="health">
        <Row label="Last checked">
          <When iso={connection.last_checked_at} empty="Never tested" />
        </Row>
        {oauth ? (
          <Row label="Last refreshed">
            <When iso={connection.last_refreshed_at} empty="Not refreshed yet" />
          </Row>
        ) : null}
        <Row label="Last authorized">
          <When iso={connection.last_authorized_at} empty="—" />
        </Row>
        {oauth ? (
          <>
            <Row label="Access token expires">
              <Expiry iso={connection.token_expires_at} empty="Does not expire" />
            </Row>
            <Row label="Refresh token expires">
              <Expiry iso={connection.refresh_token_expires_at} empty="No expiry given" />
            </Row>
          </>
        ) : null}
        <Row label="Last error">
          {connection.last_error ? (
            <span className="block space-y-1">
              <code className="rounded bg-red-50 px-1.5 py-0.5 text-xs text-red-800 dark:bg-red-950 dark:text-red-300">
                {connection.last_error.code}
              </code>{" "}
              <span className="text-zinc-700 dark:text-zinc-300">{connection.last_error.message}</span>
            </span>
          ) : (
            <span className="text-zinc-500">None</span>
          )}
        </Row>
        {connection.warning ? (
          <Row label="Warning">
            <span className="block space-y-1" data-testid="connection-warning">
              <Badge tone="amber">
                {connection.warning.code === "no_refresh_token"
                  ? "No refresh token"
                  : connection.warning.code}
              </Badge>{" "}
              <span className="text-zinc-700 dark:text-zinc-300">{connection.warning.message}</span>
            </span>
          </Row>
        ) : null}
        <Row label="Granted scopes">
          {connection.scopes.length ? (
            <ul className="flex flex-wrap gap-1" aria-label="Granted scopes">
              {connection.scopes.map((s) => (
                <li key={s}>
                  <Badge>
                    <code>{s}</code>
                  </Badge>
                </li>
              ))}
            </ul>
          ) : (
            <span className="text-zinc-500">None recorded</span>
          )}
        </Row>
      </dl>
    </Card>
  );
}
