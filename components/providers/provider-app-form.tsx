"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { configureAppAction, removeAppAction } from "@/lib/providers/actions";
import { Button } from "@/components/ui/button";
import { Badge, ErrorText } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field, inputClass } from "@/components/ui/field";
import { fieldErrors } from "@/components/ui/field-errors";
import { formText } from "@/components/ui/form-text";
import { ProviderLogo } from "@/components/ui/provider-logo";

type TSetting = { name: string; label: string; example: string; secret: boolean };
export type TProviderAppRow = {
  slug: string;
  name: string;
  logo: string;
  configuredBy: "team" | "instance" | "sandbox" | null;
  settings: TSetting[];
  /** The redirect URI to register at the provider for this app (lib/oauth/redirect-uri.ts). */
  redirectUri: string | null;
  /** A team's custom provider: its client is part of the definition; removing it deletes the provider. */
  custom?: boolean;
};

const SOURCE: Record<string, string> = {
  team: "Your team's app",
  instance: "Instance app",
  sandbox: "Built-in sandbox",
};

export function ProviderAppForm({ row, superuser }: { row: TProviderAppRow; superuser: boolean }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: configureAppAction,
    onSuccess: (res) => {
      if (!res.ok) return setErrors({ ...fieldErrors(res.error), form: res.error.message });
      setErrors({});
      setOpen(false);
      router.refresh();
    },
  });
  const [removeError, setRemoveError] = useState<string | null>(null);
  const remove = useMutation({
    mutationFn: removeAppAction,
    onSuccess: (res) => {
      // e.g. 409: a custom provider that still has connections is not deleted; say so where the button is.
      if (!res.ok) return setRemoveError(res.error.message);
      setRemoveError(null);
      router.refresh();
    },
  });
  return (
    <li
      className="scroll-mt-4 px-4 py-3 target:bg-indigo-50 dark:target:bg-indigo-950/40"
      id={`provider-app-${row.slug}`}
      data-testid={row.custom ? `custom-provider-${row.slug}` : `provider-app-${row.slug}`}
    >
      <div className="flex items-center gap-3">
        <ProviderLogo src={row.logo} name={row.name} size={24} />
        <span className="flex-1 font-medium">{row.name}</span>
        {row.configuredBy ? (
          <Badge tone="green">{SOURCE[row.configuredBy]}</Badge>
        ) : (
          <Badge tone="amber">Not configured</Badge>
        )}
        {row.custom ? (
          <ConfirmDialog
            trigger="Delete provider"
            title={`Delete ${row.name}?`}
            confirmLabel="Delete provider"
            pending={remove.isPending}
            onConfirm={() => remove.mutate({ provider: row.slug, level: "team" })}
          >
            The provider definition and its client are deleted. A provider that still has connections is not
            deleted: disconnect them first.
          </ConfirmDialog>
        ) : row.configuredBy === "team" ? (
          <Button variant="ghost" onClick={() => remove.mutate({ provider: row.slug, level: "team" })}>
            Remove
          </Button>
        ) : null}
        {row.custom ? null : (
          <Button variant="secondary" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
            {open ? "Close" : "Set OAuth app"}
          </Button>
        )}
      </div>
      {row.redirectUri ? (
        <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
          Redirect URI to register:{" "}
          <code
            className="rounded bg-zinc-100 px-1 dark:bg-zinc-800"
            data-testid={`redirect-uri-${row.slug}`}
          >
            {row.redirectUri}
          </code>
        </p>
      ) : null}
      {removeError ? (
        <div role="alert" className="mt-1">
          <ErrorText>{removeError}</ErrorText>
        </div>
      ) : null}
      {open ? (
        <form
          className="mt-3 grid gap-3 md:grid-cols-2"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            const settings: Record<string, string> = {};
            for (const s of row.settings) {
              const v = formText(f, `setting-${s.name}`);
              if (v) settings[s.name] = v;
            }
            save.mutate({
              provider: row.slug,
              level: formText(f, "level") === "instance" ? "instance" : "team",
              client_id: formText(f, "client_id"),
              client_secret: formText(f, "client_secret") || undefined,
              settings,
            });
          }}
        >
          <Field id={`cid-${row.slug}`} name="client_id" label="Client ID" error={errors.client_id} />
          <Field
            id={`csec-${row.slug}`}
            name="client_secret"
            type="password"
            autoComplete="off"
            label="Client secret"
            error={errors.client_secret}
            hint="Stored encrypted; never shown again."
          />
          {row.settings.map((s) => (
            <Field
              key={s.name}
              id={`set-${row.slug}-${s.name}`}
              name={`setting-${s.name}`}
              label={s.label}
              placeholder={s.example}
              error={errors[s.name]}
              {...(s.secret
                ? { type: "password", autoComplete: "off", hint: "Stored encrypted; never shown again." }
                : {})}
            />
          ))}
          {superuser ? (
            <label className="space-y-1 text-sm">
              <span className="block font-medium">Applies to</span>
              <select name="level" className={inputClass} defaultValue="team">
                <option value="team">This team (overrides the instance app)</option>
                <option value="instance">Every team on this instance</option>
              </select>
            </label>
          ) : null}
          <div className="md:col-span-2">
            <ErrorText>{errors.form}</ErrorText>
            <Button type="submit" disabled={save.isPending} className="mt-2">
              {save.isPending ? "Saving…" : "Save"}
            </Button>
          </div>
        </form>
      ) : null}
    </li>
  );
}
