"use client";

// The inbound provider events of one connection, and its automatic webhook registration. Polled every 10 s with
// React Query (the page is open for minutes at most; a stream per open page is not worth it for this panel).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Badge, Card, ErrorText } from "@/components/ui/card";
import type { TConnectionInboundWebhooks } from "@/lib/webhooks/list-connection-events";

const REG_LABEL: Record<string, { text: string; tone: "green" | "red" | "amber" | "neutral" }> = {
  registered: { text: "Registered", tone: "green" },
  pending: { text: "Registering…", tone: "amber" },
  failed: { text: "Registration failed", tone: "red" },
  not_configured: { text: "Not configured", tone: "amber" },
  not_supported: { text: "Manual setup", tone: "neutral" },
};

async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, { ...init, headers: { accept: "application/json" } });
  const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!res.ok) throw new Error(body?.error?.message ?? `Request failed (${res.status})`);
  return body as T;
}

export function ConnectionInboundEvents({ connectionId }: { connectionId: string }) {
  const key = ["connection-inbound-webhooks", connectionId];
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: key,
    queryFn: () =>
      fetchJson<TConnectionInboundWebhooks>(`/api/v1/connections/${connectionId}/inbound-webhooks`),
    refetchInterval: 10_000,
  });
  const sync = useMutation({
    mutationFn: () =>
      fetchJson(`/api/v1/connections/${connectionId}/inbound-webhooks/sync`, { method: "POST" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
  if (q.isPending)
    return (
      <Card>
        <p className="text-sm text-zinc-500">Loading provider events…</p>
      </Card>
    );
  if (q.isError)
    return (
      <Card>
        <ErrorText>Provider events could not be loaded: {q.error.message}</ErrorText>
      </Card>
    );
  const data = q.data;
  if (!data.supported) return null;
  const reg = data.registration ? (REG_LABEL[data.registration.status] ?? REG_LABEL.pending!) : null;
  return (
    <Card>
      <section aria-labelledby="inbound-events-title" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="inbound-events-title" className="text-base font-semibold">
            Provider events
          </h2>
          {data.registration ? (
            <div className="flex items-center gap-2">
              <Badge tone={reg!.tone}>{reg!.text}</Badge>
              <Button variant="secondary" onClick={() => sync.mutate()} disabled={sync.isPending}>
                {sync.isPending ? "Queuing…" : "Sync webhooks now"}
              </Button>
            </div>
          ) : null}
        </div>
        {data.registration?.error ? <ErrorText>{data.registration.error}</ErrorText> : null}
        {sync.error ? <ErrorText>{sync.error.message}</ErrorText> : null}
        {data.events.length === 0 ? (
          <p className="text-sm text-zinc-500">
            No provider events yet. They appear here as the provider delivers them
            {data.registration
              ? " to the endpoint Patchbay registered"
              : " to the webhook URL in Settings → Providers"}
            .
          </p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="text-xs text-zinc-500">
              <tr>
                <th className="py-1 font-medium">Event</th>
                <th className="py-1 font-medium">Delivery</th>
                <th className="py-1 font-medium">Status</th>
                <th className="py-1 font-medium">Received</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {data.events.map((e) => (
                <tr key={e.id}>
                  <td className="py-1.5 font-mono text-xs">{e.event_type ?? "—"}</td>
                  <td className="max-w-[16rem] truncate py-1.5 font-mono text-xs" title={e.delivery_id}>
                    {e.delivery_id}
                  </td>
                  <td className="py-1.5">
                    <Badge
                      tone={e.status === "processed" ? "green" : e.status === "failed" ? "red" : "amber"}
                    >
                      {e.status === "processed" ? "Processed" : e.status === "failed" ? "Failed" : "Received"}
                    </Badge>
                  </td>
                  <td className="py-1.5 text-xs text-zinc-500">{new Date(e.received_at).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Card>
  );
}
