"use client";

// The outbound event log: filters, every delivery with every attempt (outcome, HTTP status, latency), replay of
// one delivery or of the selected events, and the dead letters. Polls every 2 s (React Query) so new events and
// delivery outcomes appear without a reload — see app/(dashboard)/events/page.tsx for why polling.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Badge, Card, EmptyState, ErrorText } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import { listEventsAction, replayAction } from "@/lib/events/actions";
import { EVENT_TYPES } from "@/lib/events/event-types";
import type { TDeliveryView, TEventView } from "@/lib/events/schemas";

const LIVE_INTERVAL_MS = 2_000;
type TFilters = { type?: string; delivery_status?: string; endpoint_id?: string };
type TList = { data: TEventView[]; next_cursor: string | null; dead_letters: number };

async function unwrap<T>(p: Promise<{ ok: true; data: T } | { ok: false; error: { message: string } }>) {
  const r = await p;
  if (!r.ok) throw new Error(r.error.message);
  return r.data;
}

function deliveryBadge(d: TDeliveryView) {
  switch (d.status) {
    case "delivered":
      return <Badge tone="green">Delivered</Badge>;
    case "dead":
      return <Badge tone="red">Dead letter</Badge>;
    case "canceled":
      return <Badge>Canceled</Badge>;
    default:
      return <Badge tone="amber">{d.attempts ? `Retrying (${String(d.attempts)} tried)` : "Pending"}</Badge>;
  }
}

const time = (iso: string | null) => (iso ? new Date(iso).toLocaleTimeString() : "—");

export function EventLog({
  initial,
  endpoints,
}: {
  initial: TList;
  endpoints: { id: string; url: string }[];
}) {
  const qc = useQueryClient();
  const [filters, setFilters] = useState<TFilters>({});
  // Older pages by keyset cursor (lib/pagination); only the newest page is live.
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const key = ["events", filters, cursor ?? null] as const;
  const events = useQuery({
    queryKey: key,
    initialData: Object.keys(filters).length === 0 && !cursor ? initial : undefined,
    refetchInterval: cursor ? false : LIVE_INTERVAL_MS,
    queryFn: () =>
      unwrap(listEventsAction({ limit: 50, ...filters, ...(cursor ? { cursor } : {}) } as never)),
  });
  const replay = useMutation({
    mutationFn: (input: { delivery_ids?: string[]; event_ids?: string[] }) => unwrap(replayAction(input)),
    onSuccess: () => setSelected(new Set()),
    onSettled: () => qc.invalidateQueries({ queryKey: ["events"] }),
  });
  const set = (k: keyof TFilters, v: string) => {
    setCursor(undefined);
    setFilters((f) => ({ ...f, [k]: v || undefined }));
  };
  const list = events.data;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <label className="text-sm">
          <span className="mb-1 block font-medium">Type</span>
          <select
            className={inputClass}
            value={filters.type ?? ""}
            onChange={(e) => set("type", e.target.value)}
          >
            <option value="">All types</option>
            {EVENT_TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium">Delivery</span>
          <select
            className={inputClass}
            value={filters.delivery_status ?? ""}
            onChange={(e) => set("delivery_status", e.target.value)}
          >
            <option value="">Any</option>
            <option value="pending">Pending / retrying</option>
            <option value="delivered">Delivered</option>
            <option value="dead">Dead letters</option>
          </select>
        </label>
        {endpoints.length ? (
          <label className="text-sm">
            <span className="mb-1 block font-medium">Endpoint</span>
            <select
              className={inputClass}
              value={filters.endpoint_id ?? ""}
              onChange={(e) => set("endpoint_id", e.target.value)}
            >
              <option value="">All endpoints</option>
              {endpoints.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.url}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {list && list.dead_letters > 0 ? (
          <Button variant="secondary" onClick={() => set("delivery_status", "dead")}>
            <Badge tone="red">{list.dead_letters}</Badge> dead letters
          </Button>
        ) : null}
        <Button
          disabled={selected.size === 0 || replay.isPending}
          onClick={() => replay.mutate({ event_ids: [...selected] })}
        >
          Replay selected ({selected.size})
        </Button>
      </div>
      <ErrorText>{events.error?.message ?? replay.error?.message}</ErrorText>
      {replay.isSuccess ? (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
          Replay queued: {replay.data.replayed.length} deliver
          {replay.data.replayed.length === 1 ? "y" : "ies"}.
        </p>
      ) : null}
      {!list ? (
        <p role="status" className="text-sm text-zinc-500">
          Loading events…
        </p>
      ) : list.data.length === 0 ? (
        <EmptyState title="No events yet">
          Events appear here as connections change. Add an endpoint on the Webhooks page and send a test
          event.
        </EmptyState>
      ) : (
        <ul className="space-y-2">
          {list.data.map((e) => (
            <li key={e.id} data-testid="event-row" data-event-id={e.id}>
              <Card className="p-3">
                <div className="flex flex-wrap items-center gap-3">
                  <input
                    type="checkbox"
                    aria-label={`Select ${e.type} ${e.id}`}
                    checked={selected.has(e.id)}
                    disabled={e.deliveries.length === 0}
                    onChange={(ev) =>
                      setSelected((s) => {
                        const n = new Set(s);
                        if (ev.target.checked) n.add(e.id);
                        else n.delete(e.id);
                        return n;
                      })
                    }
                  />
                  <code className="text-sm font-medium">{e.type}</code>
                  <span className="font-mono text-xs text-zinc-500">{e.id}</span>
                  <span className="text-xs text-zinc-500">{new Date(e.created_at).toLocaleString()}</span>
                  {e.connection_id ? (
                    <a className="text-xs text-indigo-600 underline" href={`/connections/${e.connection_id}`}>
                      connection
                    </a>
                  ) : null}
                  <span className="flex gap-1">
                    {e.deliveries.length === 0 ? <Badge>No endpoint subscribed</Badge> : null}
                    {e.deliveries.map((d) => (
                      <span key={d.id} data-testid="delivery-status">
                        {deliveryBadge(d)}
                      </span>
                    ))}
                  </span>
                </div>
                {e.deliveries.length ? (
                  <details className="mt-2">
                    <summary className="cursor-pointer text-xs text-zinc-500">
                      Deliveries and attempts ({e.deliveries.reduce((n, d) => n + d.attempt_log.length, 0)}{" "}
                      attempts)
                    </summary>
                    <div className="mt-2 space-y-3">
                      {e.deliveries.map((d) => (
                        <div key={d.id} data-testid="delivery">
                          <div className="flex flex-wrap items-center gap-2 text-xs">
                            {deliveryBadge(d)}
                            <span className="font-mono">{d.endpoint_url}</span>
                            {d.origin ? (
                              <span data-testid="delivery-origin">
                                <Badge tone="indigo">{d.origin}</Badge>
                              </span>
                            ) : null}
                            {d.status === "pending" && d.next_attempt_at ? (
                              <span className="text-zinc-500">next attempt {time(d.next_attempt_at)}</span>
                            ) : null}
                            <Button
                              variant="ghost"
                              className="text-xs"
                              disabled={replay.isPending}
                              onClick={() => replay.mutate({ delivery_ids: [d.id] })}
                            >
                              Replay
                            </Button>
                          </div>
                          {d.attempt_log.length ? (
                            <table className="mt-1 w-full text-xs">
                              <thead className="text-left text-zinc-500">
                                <tr>
                                  <th className="py-1">#</th>
                                  <th>At</th>
                                  <th>Outcome</th>
                                  <th>HTTP</th>
                                  <th>Latency</th>
                                  <th>Error / response</th>
                                </tr>
                              </thead>
                              <tbody>
                                {d.attempt_log.map((a) => (
                                  <tr key={a.attempt} data-testid="attempt-row">
                                    <td className="py-0.5">{a.attempt}</td>
                                    <td>{time(a.started_at)}</td>
                                    <td>{a.outcome}</td>
                                    <td>{a.status_code ?? "—"}</td>
                                    <td>{a.duration_ms} ms</td>
                                    <td className="max-w-64 truncate text-zinc-500">
                                      {a.error ?? a.response_excerpt ?? ""}
                                    </td>
                                  </tr>
                                ))}
                              </tbody>
                            </table>
                          ) : (
                            <p className="mt-1 text-xs text-zinc-500">No attempt yet.</p>
                          )}
                        </div>
                      ))}
                    </div>
                  </details>
                ) : null}
              </Card>
            </li>
          ))}
        </ul>
      )}
      <nav aria-label="Event pages" className="flex justify-between text-sm">
        {cursor ? (
          <button
            type="button"
            className="text-indigo-700 hover:underline dark:text-indigo-400"
            onClick={() => setCursor(undefined)}
          >
            ← Newest
          </button>
        ) : (
          <span />
        )}
        {list?.next_cursor ? (
          <button
            type="button"
            className="text-indigo-700 hover:underline dark:text-indigo-400"
            onClick={() => setCursor(list.next_cursor ?? undefined)}
          >
            Older events →
          </button>
        ) : null}
      </nav>
    </div>
  );
}
