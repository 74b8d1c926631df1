"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { createApiKeyAction, listApiKeysAction, revokeApiKeyAction } from "@/lib/api-keys/actions";
import { formText } from "@/components/ui/form-text";
import { Button } from "@/components/ui/button";
import { Badge, Card, EmptyState, ErrorText } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyBox } from "@/components/ui/copy-box";
import { DateTime } from "@/components/ui/date-time";
import { Field } from "@/components/ui/field";
import { fieldErrors } from "@/components/ui/field-errors";
import { API_SCOPES, SCOPE_DESCRIPTIONS } from "@/lib/api-keys/scopes";
import type { TApiKeyView } from "@/lib/api-keys/schemas";

const fmt = (iso: string | null) => (iso ? <DateTime iso={iso} /> : "—");

function status(k: TApiKeyView) {
  if (k.revoked_at) return <Badge tone="red">Revoked</Badge>;
  if (k.expires_at && new Date(k.expires_at) < new Date()) return <Badge tone="amber">Expired</Badge>;
  return <Badge tone="green">Active</Badge>;
}

export function ApiKeyManager({ initial }: { initial: TApiKeyView[] }) {
  const qc = useQueryClient();
  const keys = useQuery({
    queryKey: ["api-keys"],
    initialData: initial,
    queryFn: async () => {
      const res = await listApiKeysAction({});
      if (!res.ok) throw new Error(res.error.message);
      return res.data;
    },
  });
  const [created, setCreated] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: createApiKeyAction,
    onSuccess: (res) => {
      if (!res.ok) return setErrors({ ...fieldErrors(res.error), form: res.error.message });
      setErrors({});
      setCreated(res.data.key);
      void qc.invalidateQueries({ queryKey: ["api-keys"] });
    },
  });
  const revoke = useMutation({
    mutationFn: async (id: string) => {
      const res = await revokeApiKeyAction({ id });
      if (!res.ok) throw new Error(res.error.message);
      return res.data;
    },
    // Not optimistic: "Revoked" is a security promise ("requests get 401 at once"), so it is shown only once the
    // server has revoked the key; until then the row says "Revoking…".
    onSuccess: (_data, id) =>
      qc.setQueryData<TApiKeyView[]>(["api-keys"], (old) =>
        old?.map((k) => (k.id === id ? { ...k, revoked_at: new Date().toISOString() } : k)),
      ),
    onSettled: () => qc.invalidateQueries({ queryKey: ["api-keys"] }),
  });

  return (
    <div className="space-y-6">
      <Card>
        <h2 className="mb-3 font-medium">Create an API key</h2>
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            const expiry = formText(f, "expires");
            create.mutate({
              name: formText(f, "name"),
              scopes: f.getAll("scopes").map(String) as (typeof API_SCOPES)[number][],
              expires_at: expiry ? new Date(`${expiry}T23:59:59`).toISOString() : null,
            });
          }}
        >
          <div className="grid gap-4 md:grid-cols-2">
            <Field
              id="key-name"
              name="name"
              label="Name"
              placeholder="e.g. Production backend"
              error={errors.name}
            />
            <Field
              id="key-expires"
              name="expires"
              type="date"
              label="Expires (optional)"
              error={errors.expires_at}
            />
          </div>
          <fieldset>
            <legend className="mb-2 text-sm font-medium">Scopes</legend>
            <div className="grid gap-1 md:grid-cols-2">
              {API_SCOPES.map((s) => (
                <label key={s} className="flex items-start gap-2 text-sm">
                  <input
                    type="checkbox"
                    name="scopes"
                    value={s}
                    defaultChecked={s.endsWith(":read")}
                    className="mt-1"
                  />
                  <span>
                    <code className="text-xs">{s}</code>{" "}
                    <span className="text-zinc-500">— {SCOPE_DESCRIPTIONS[s]}</span>
                  </span>
                </label>
              ))}
            </div>
            {errors.scopes ? <p className="mt-1 text-xs text-red-600">{errors.scopes}</p> : null}
          </fieldset>
          <ErrorText>{errors.form && !errors.name && !errors.scopes ? errors.form : null}</ErrorText>
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create key"}
          </Button>
        </form>
        {created ? (
          <div className="mt-4">
            <CopyBox
              label="Your new API key"
              value={created}
              warning="Copy it now: this is the only time it is shown. Patchbay keeps only a hash of it."
            />
          </div>
        ) : null}
      </Card>

      <ErrorText>{keys.error?.message ?? revoke.error?.message}</ErrorText>
      {keys.data.length === 0 ? (
        <EmptyState title="No API keys yet">
          Create one above to call the Patchbay API from your servers.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full text-sm">
            <thead className="border-b border-zinc-200 text-left text-xs uppercase text-zinc-500 dark:border-zinc-800">
              <tr>
                <th className="px-4 py-2">Name</th>
                <th>Key</th>
                <th>Scopes</th>
                <th>Created</th>
                <th>Last used</th>
                <th>Expires</th>
                <th>Status</th>
                <th className="sr-only">Actions</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {keys.data.map((k) => (
                <tr key={k.id} data-testid="api-key-row">
                  <td className="px-4 py-2 font-medium">{k.name}</td>
                  <td className="font-mono text-xs">
                    {k.prefix}…{k.last4}
                  </td>
                  <td className="max-w-48 text-xs text-zinc-500">{k.scopes.join(", ")}</td>
                  <td className="text-xs">{fmt(k.created_at)}</td>
                  <td className="text-xs">{fmt(k.last_used_at)}</td>
                  <td className="text-xs">{fmt(k.expires_at)}</td>
                  <td>{status(k)}</td>
                  <td className="pr-2 text-right">
                    {k.revoked_at ? null : revoke.isPending && revoke.variables === k.id ? (
                      <span className="text-xs text-zinc-500" role="status">
                        Revoking…
                      </span>
                    ) : (
                      <ConfirmDialog
                        trigger="Revoke"
                        title={`Revoke “${k.name}”?`}
                        confirmLabel="Revoke key"
                        onConfirm={() => revoke.mutate(k.id)}
                      >
                        Requests using this key will get 401 at once. This cannot be undone.
                      </ConfirmDialog>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
