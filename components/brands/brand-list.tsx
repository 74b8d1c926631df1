"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { createBrandAction, deleteBrandAction, renameBrandAction } from "@/lib/tenancy/brand-actions";
import { formText } from "@/components/ui/form-text";
import { Button } from "@/components/ui/button";
import { Badge, ErrorText } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field, inputClass } from "@/components/ui/field";
import type { TActionResult } from "@/lib/http/define-action";
import type { TBrandView } from "@/lib/tenancy/schemas";

/** Unwraps an action result so React Query sees failures as errors. */
async function run<T>(p: Promise<TActionResult<T>>): Promise<T> {
  const res = await p;
  if (!res.ok) throw new Error(res.error.message);
  return res.data;
}

export function BrandList({
  brands,
  currentId,
  canManage,
}: {
  brands: TBrandView[];
  currentId: string;
  canManage: boolean;
}) {
  const router = useRouter();
  const [createError, setCreateError] = useState<string | undefined>();
  const create = useMutation({
    mutationFn: (name: string) => createBrandAction({ name }),
    onSuccess: (res) => {
      if (!res.ok) return setCreateError(res.error.message);
      setCreateError(undefined);
      router.refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => run(deleteBrandAction({ id })),
    onSuccess: () => router.refresh(),
  });
  const rename = useMutation({
    mutationFn: (v: { id: string; name: string }) => run(renameBrandAction(v)),
    onSuccess: () => router.refresh(),
  });
  const [editing, setEditing] = useState<string | null>(null);

  return (
    <div className="space-y-6">
      {canManage ? (
        <form
          className="flex items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            const form = e.currentTarget;
            const name = formText(new FormData(form), "name");
            create.mutate(name, { onSuccess: (r) => r.ok && form.reset() });
          }}
        >
          <Field
            id="brand-name"
            name="name"
            label="New brand"
            placeholder="e.g. Acme EU"
            className="w-72"
            error={createError}
          />
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create brand"}
          </Button>
        </form>
      ) : (
        <p className="text-sm text-zinc-500">Only admins and owners can create, rename or delete brands.</p>
      )}
      <ErrorText>{remove.error?.message ?? rename.error?.message}</ErrorText>
      <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
        {brands.map((b) => (
          <li
            key={b.id}
            className="flex items-center justify-between gap-4 px-4 py-3"
            data-testid="brand-row"
          >
            {editing === b.id ? (
              <form
                className="flex gap-2"
                onSubmit={(e) => {
                  e.preventDefault();
                  rename.mutate(
                    { id: b.id, name: formText(new FormData(e.currentTarget), "name") },
                    { onSuccess: () => setEditing(null) },
                  );
                }}
              >
                <input
                  name="name"
                  aria-label="Brand name"
                  defaultValue={b.name}
                  className={inputClass}
                  autoFocus
                />
                <Button type="submit" variant="secondary">
                  Save
                </Button>
                <Button variant="ghost" onClick={() => setEditing(null)}>
                  Cancel
                </Button>
              </form>
            ) : (
              <div className="flex items-center gap-2">
                <span className="font-medium">{b.name}</span>
                {b.id === currentId ? <Badge tone="indigo">Current</Badge> : null}
              </div>
            )}
            {canManage && editing !== b.id ? (
              <div className="flex gap-1">
                <Button variant="ghost" onClick={() => setEditing(b.id)}>
                  Rename
                </Button>
                {brands.length > 1 ? (
                  <ConfirmDialog
                    trigger="Delete"
                    title={`Delete brand “${b.name}”?`}
                    confirmLabel="Delete brand"
                    pending={remove.isPending}
                    onConfirm={() => remove.mutate(b.id)}
                  >
                    The brand and everything scoped to it (its connections, once you have some) are deleted.
                    This cannot be undone.
                  </ConfirmDialog>
                ) : null}
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
