"use client";

// The team's proxy rate limits (GET/PATCH /api/v1/team/proxy-limits): requests per minute per API key and per
// connection, counted on each Patchbay instance.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, ErrorText } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { fieldErrors } from "@/components/ui/field-errors";

type TLimits = { key_rpm: number; connection_rpm: number };
type TError = { message: string; details?: unknown };
const KEY = ["team-proxy-limits"];

async function send(init?: RequestInit): Promise<TLimits> {
  const res = await fetch("/api/v1/team/proxy-limits", { credentials: "same-origin", ...init });
  const body = (await res.json().catch(() => null)) as (TLimits & { error?: TError }) | null;
  if (!res.ok || !body)
    throw Object.assign(new Error(body?.error?.message ?? `Failed (${res.status})`), body?.error);
  return body;
}

export function ProxyLimitsSettings({ canManage }: { canManage: boolean }) {
  const qc = useQueryClient();
  const limits = useQuery({ queryKey: KEY, queryFn: () => send() });
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (input: TLimits) =>
      send({ method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify(input) }),
    onSuccess: (data) => {
      qc.setQueryData(KEY, data);
      setSaved(true);
    },
    onMutate: () => setSaved(false),
  });
  const errors = save.error ? fieldErrors(save.error as TError) : {};
  return (
    <Card>
      <h2 className="mb-1 font-medium">Proxy rate limits</h2>
      <p className="mb-3 text-sm text-zinc-500">
        Requests per minute through the proxy, per API key and per connection. Each Patchbay instance counts
        on its own; callers see RateLimit-* headers on every proxied response and a 429 with Retry-After past
        the limit.
      </p>
      {limits.isPending ? (
        <p className="text-sm text-zinc-500">Loading…</p>
      ) : limits.isError ? (
        <ErrorText>{limits.error.message}</ErrorText>
      ) : (
        <form
          className="flex flex-wrap items-end gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            save.mutate({
              key_rpm: Number(f.get("key_rpm")),
              connection_rpm: Number(f.get("connection_rpm")),
            });
          }}
        >
          <Field
            id="proxy-key-rpm"
            name="key_rpm"
            type="number"
            min={1}
            label="Per API key (requests/min)"
            defaultValue={limits.data.key_rpm}
            disabled={!canManage}
            error={errors.key_rpm}
          />
          <Field
            id="proxy-connection-rpm"
            name="connection_rpm"
            type="number"
            min={1}
            label="Per connection (requests/min)"
            defaultValue={limits.data.connection_rpm}
            disabled={!canManage}
            error={errors.connection_rpm}
          />
          {canManage ? (
            <div className="flex items-center gap-3">
              <Button type="submit" disabled={save.isPending}>
                {save.isPending ? "Saving…" : "Save limits"}
              </Button>
              {saved ? (
                <span className="text-sm text-emerald-600" role="status">
                  Saved
                </span>
              ) : null}
            </div>
          ) : null}
          <ErrorText>
            {save.error && !errors.key_rpm && !errors.connection_rpm ? save.error.message : null}
          </ErrorText>
        </form>
      )}
    </Card>
  );
}
