"use client";

// Outbound webhook endpoints: create (the signing secret is shown once), send a test event, pause/resume, rotate
// the secret (the old one keeps signing for 24 h), delete. Polls every few seconds so an endpoint that Patchbay
// paused after repeated failures shows without a reload.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Badge, Card, EmptyState, ErrorText } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyBox } from "@/components/ui/copy-box";
import { Field } from "@/components/ui/field";
import { fieldErrors } from "@/components/ui/field-errors";
import { formText } from "@/components/ui/form-text";
import {
  createEndpointAction,
  deleteEndpointAction,
  listEndpointsAction,
  rotateEndpointSecretAction,
  sendTestEventAction,
  updateEndpointAction,
} from "@/lib/events/actions";
import { EVENT_DESCRIPTIONS, EVENT_TYPES } from "@/lib/events/event-types";
import type { TEndpointView } from "@/lib/events/schemas";

export const LIVE_INTERVAL_MS = 2_000;
const FANOUT = EVENT_TYPES.filter((t) => t !== "endpoint.test");
const fmt = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "—");

async function unwrap<T>(p: Promise<{ ok: true; data: T } | { ok: false; error: { message: string } }>) {
  const r = await p;
  if (!r.ok) throw new Error(r.error.message);
  return r.data;
}

function statusBadge(e: TEndpointView) {
  if (e.status === "active") return <Badge tone="green">Active</Badge>;
  return e.paused_reason === "failing" ? (
    <Badge tone="red">Paused — failing</Badge>
  ) : (
    <Badge tone="amber">Paused</Badge>
  );
}

export function EndpointManager({
  initial,
  brands,
}: {
  initial: TEndpointView[];
  brands: { id: string; name: string }[];
}) {
  const qc = useQueryClient();
  const endpoints = useQuery({
    queryKey: ["webhook-endpoints"],
    initialData: initial,
    refetchInterval: LIVE_INTERVAL_MS,
    queryFn: () => unwrap(listEndpointsAction({})),
  });
  const refresh = () => qc.invalidateQueries({ queryKey: ["webhook-endpoints"] });
  const [secret, setSecret] = useState<{ title: string; value: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | null>(null);

  const create = useMutation({
    mutationFn: createEndpointAction,
    onSuccess: (res) => {
      if (!res.ok) return setErrors({ ...fieldErrors(res.error), form: res.error.message });
      setErrors({});
      setSecret({ title: `Signing secret for ${res.data.endpoint.url}`, value: res.data.secret });
      void refresh();
    },
  });
  const act = useMutation({
    mutationFn: async (a: { kind: "test" | "pause" | "resume" | "rotate" | "delete"; e: TEndpointView }) => {
      switch (a.kind) {
        case "test":
          await unwrap(sendTestEventAction({ id: a.e.id }));
          return "Test event sent — follow it on the Events page.";
        case "pause":
          await unwrap(updateEndpointAction({ id: a.e.id, changes: { enabled: false } }));
          return "Endpoint paused.";
        case "resume":
          await unwrap(updateEndpointAction({ id: a.e.id, changes: { enabled: true } }));
          return "Endpoint resumed; waiting deliveries are being sent.";
        case "rotate": {
          const r = await unwrap(rotateEndpointSecretAction({ id: a.e.id, overlap_seconds: 86_400 }));
          setSecret({ title: `New signing secret for ${a.e.url}`, value: r.secret });
          return "Secret rotated. The old secret keeps signing for 24 hours.";
        }
        case "delete":
          await unwrap(deleteEndpointAction({ id: a.e.id }));
          return "Endpoint deleted.";
      }
    },
    onSuccess: (msg) => setNotice(msg),
    onSettled: () => refresh(),
  });

  return (
    <div className="space-y-6">
      <Card>
        <h2 className="mb-3 font-medium">Add an endpoint</h2>
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            create.mutate({
              url: formText(f, "url"),
              description: formText(f, "description") || null,
              event_types: f.getAll("event_types").map(String),
              brand_ids: f.getAll("brand_ids").map(String),
            });
          }}
        >
          <div className="grid gap-4 md:grid-cols-2">
            <Field
              id="endpoint-url"
              name="url"
              label="URL"
              placeholder="https://example.com/webhooks/patchbay"
              error={errors.url}
              required
            />
            <Field
              id="endpoint-description"
              name="description"
              label="Description (optional)"
              error={errors.description}
            />
          </div>
          <fieldset>
            <legend className="mb-1 text-sm font-medium">Event types</legend>
            <p className="mb-2 text-xs text-zinc-500">None selected: every event type.</p>
            <div className="grid gap-1 md:grid-cols-2">
              {FANOUT.map((t) => (
                <label key={t} className="flex items-start gap-2 text-sm">
                  <input type="checkbox" name="event_types" value={t} className="mt-1" />
                  <span>
                    <code className="text-xs">{t}</code>{" "}
                    <span className="text-zinc-500">— {EVENT_DESCRIPTIONS[t]}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          {brands.length > 1 ? (
            <fieldset>
              <legend className="mb-1 text-sm font-medium">Brands</legend>
              <p className="mb-2 text-xs text-zinc-500">None selected: every brand.</p>
              <div className="flex flex-wrap gap-3">
                {brands.map((b) => (
                  <label key={b.id} className="flex items-center gap-2 text-sm">
                    <input type="checkbox" name="brand_ids" value={b.id} />
                    {b.name}
                  </label>
                ))}
              </div>
            </fieldset>
          ) : null}
          <ErrorText>{errors.form && !errors.url ? errors.form : null}</ErrorText>
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? "Adding…" : "Add endpoint"}
          </Button>
        </form>
        {secret ? (
          <div className="mt-4 space-y-2" data-testid="endpoint-secret">
            <CopyBox
              label={secret.title}
              value={secret.value}
              warning="Copy it now: this is the only time it is shown. Verify each delivery's webhook-signature with it (Standard Webhooks)."
            />
            <Button variant="secondary" onClick={() => setSecret(null)}>
              I have saved it
            </Button>
          </div>
        ) : null}
      </Card>

      {notice ? (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
          {notice}
        </p>
      ) : null}
      <ErrorText>{endpoints.error?.message ?? act.error?.message}</ErrorText>
      {endpoints.data.length === 0 ? (
        <EmptyState title="No endpoints yet">
          Add a URL above to receive signed events when connections are created, refreshed, fail or need
          re-auth.
        </EmptyState>
      ) : (
        <ul className="space-y-3">
          {endpoints.data.map((e) => (
            <li key={e.id} data-testid="endpoint-row">
              <Card>
                <div className="flex flex-wrap items-start justify-between gap-3">
                  <div className="min-w-0 space-y-1">
                    <p className="flex items-center gap-2">
                      <span className="truncate font-mono text-sm" data-testid="endpoint-url">
                        {e.url}
                      </span>
                      <span data-testid="endpoint-status">{statusBadge(e)}</span>
                    </p>
                    {e.description ? <p className="text-sm text-zinc-500">{e.description}</p> : null}
                    <p className="text-xs text-zinc-500">
                      Events: {e.event_types.length ? e.event_types.join(", ") : "all"} · Brands:{" "}
                      {e.brand_ids.length
                        ? e.brand_ids.map((id) => brands.find((b) => b.id === id)?.name ?? id).join(", ")
                        : "all"}
                    </p>
                    <p className="text-xs text-zinc-500">
                      Last success {fmt(e.last_success_at)} · last failure {fmt(e.last_failure_at)}
                      {e.previous_secret_expires_at
                        ? ` · previous secret signs until ${fmt(e.previous_secret_expires_at)}`
                        : ""}
                    </p>
                    {e.status === "paused" && e.paused_reason === "failing" ? (
                      <p role="alert" className="text-sm text-red-700 dark:text-red-400">
                        Paused by Patchbay on {fmt(e.paused_at)}: {e.dead_letters_in_a_row} deliveries in a
                        row failed every retry. Fix the receiver, then resume — waiting deliveries go out,
                        dead letters can be replayed from the Events page.
                      </p>
                    ) : null}
                  </div>
                  <div className="flex flex-wrap items-center gap-1">
                    <Button
                      variant="secondary"
                      onClick={() => act.mutate({ kind: "test", e })}
                      disabled={act.isPending}
                    >
                      Send test event
                    </Button>
                    {e.status === "active" ? (
                      <Button
                        variant="ghost"
                        onClick={() => act.mutate({ kind: "pause", e })}
                        disabled={act.isPending}
                      >
                        Pause
                      </Button>
                    ) : (
                      <Button
                        variant="ghost"
                        onClick={() => act.mutate({ kind: "resume", e })}
                        disabled={act.isPending}
                      >
                        Resume
                      </Button>
                    )}
                    <ConfirmDialog
                      trigger="Rotate secret"
                      title="Rotate the signing secret?"
                      confirmLabel="Rotate"
                      onConfirm={() => act.mutate({ kind: "rotate", e })}
                    >
                      A new secret is shown once. For 24 hours every delivery carries two signatures — one
                      with the old secret and one with the new — so you can switch your receiver without
                      losing events.
                    </ConfirmDialog>
                    <ConfirmDialog
                      trigger="Delete"
                      title={`Delete ${e.url}?`}
                      confirmLabel="Delete endpoint"
                      onConfirm={() => act.mutate({ kind: "delete", e })}
                    >
                      No more events are sent there, and its delivery history is deleted. This cannot be
                      undone.
                    </ConfirmDialog>
                  </div>
                </div>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
