"use client";

import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { formText } from "@/components/ui/form-text";
import { ProviderLogo } from "@/components/ui/provider-logo";
import type { TConnectState } from "@/components/catalog/use-connect";
import type { TCatalogEntry } from "@/lib/providers/list-catalog";

export type TConnectRequest =
  | { kind: "oauth2"; params: Record<string, string>; shared: boolean; label?: string }
  | {
      kind: "api_key";
      params: Record<string, string>;
      shared: boolean;
      label?: string;
      credential:
        { api_key: string } | { username: string; password: string } | { service_account_key: string };
    };

/** Per-connection parameters (Shopify shop …), an API key where that is the method, label and sharing. */
export function ConnectDialog({
  provider,
  canShare,
  brandName,
  state,
  pending,
  onSubmit,
}: {
  provider: TCatalogEntry;
  canShare: boolean;
  brandName: string;
  state: TConnectState;
  pending: boolean;
  onSubmit: (r: TConnectRequest) => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [local, setLocal] = useState<Record<string, string>>({});
  const oauth = provider.auth_modes.includes("oauth2") && provider.configured;
  const apiKey = !oauth && provider.api_key !== null;
  const basic = !oauth && !apiKey && provider.basic !== null;
  const serviceAccount = !oauth && !apiKey && !basic && provider.service_account !== null;
  // A verified key connects without leaving the page: close the dialog once it has.
  useEffect(() => {
    if (state.phase === "connected") ref.current?.close();
  }, [state.phase]);
  const serverErrors = state.phase === "failed" ? (state.fieldErrors ?? {}) : {};
  const errors = { ...serverErrors, ...local };

  return (
    <>
      <Button
        variant="secondary"
        onClick={() => ref.current?.showModal()}
        aria-label={`Connect ${provider.name}`}
        disabled={!oauth && !apiKey && !basic && !serviceAccount}
      >
        Connect
      </Button>
      <dialog
        ref={ref}
        aria-labelledby={`connect-${provider.slug}-title`}
        className="m-auto w-full max-w-md rounded-lg border border-zinc-200 bg-white p-5 text-zinc-900 shadow-xl dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
      >
        <form
          method="dialog"
          className="space-y-4"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            const params: Record<string, string> = {};
            const problems: Record<string, string> = {};
            for (const p of provider.connection_params) {
              const v = formText(f, `param-${p.name}`).trim();
              if (!v && p.required) problems[p.name] = `${p.label} is required`;
              else if (v && !new RegExp(p.pattern, "u").test(v))
                problems[p.name] = `${p.label} must look like ${p.example}`;
              if (v) params[p.name] = v;
            }
            const key = formText(f, "api_key").trim();
            const username = formText(f, "username").trim();
            const password = formText(f, "password");
            const saKey = formText(f, "service_account_key").trim();
            if (serviceAccount && !saKey)
              problems.service_account_key = "Paste the service account's JSON key";
            if (apiKey && !key) problems.api_key = `Paste your ${provider.api_key?.label ?? "API key"}`;
            if (basic && !username)
              problems.username = `${provider.basic?.username_label ?? "Username"} is required`;
            if (basic && !password)
              problems.password = `${provider.basic?.password_label ?? "Password"} is required`;
            setLocal(problems);
            if (Object.keys(problems).length) return;
            const base = {
              params,
              shared: f.get("shared") === "on",
              label: formText(f, "label").trim() || undefined,
            };
            if (oauth) onSubmit({ kind: "oauth2", ...base });
            else
              onSubmit({
                kind: "api_key",
                ...base,
                credential: apiKey
                  ? { api_key: key }
                  : serviceAccount
                    ? { service_account_key: saKey }
                    : { username, password },
              });
            if (oauth) ref.current?.close();
          }}
        >
          <div className="flex items-center gap-3">
            <ProviderLogo src={provider.logo} name={provider.name} />
            <h2 id={`connect-${provider.slug}-title`} className="text-lg font-semibold">
              Connect {provider.name}
            </h2>
          </div>
          {provider.connection_params.map((p) => (
            <Field
              key={p.name}
              id={`param-${provider.slug}-${p.name}`}
              name={`param-${p.name}`}
              label={p.label}
              placeholder={p.placeholder ?? p.example}
              hint={p.description ?? undefined}
              error={errors[p.name]}
            />
          ))}
          {apiKey && provider.api_key ? (
            <Field
              id={`api-key-${provider.slug}`}
              name="api_key"
              type="password"
              autoComplete="off"
              label={provider.api_key.label}
              placeholder={provider.api_key.placeholder ?? undefined}
              hint={
                provider.api_key.instructions ?? "Checked with the provider before it is stored, encrypted."
              }
              error={errors.api_key}
            />
          ) : null}
          {basic && provider.basic ? (
            <>
              <Field
                id={`user-${provider.slug}`}
                name="username"
                autoComplete="off"
                label={provider.basic.username_label}
                error={errors.username}
              />
              <Field
                id={`pass-${provider.slug}`}
                name="password"
                type="password"
                autoComplete="off"
                label={provider.basic.password_label}
                hint={
                  provider.basic.instructions ?? "Checked with the provider before it is stored, encrypted."
                }
                error={errors.password ?? errors.api_key}
              />
            </>
          ) : null}
          {serviceAccount && provider.service_account ? (
            <div className="space-y-1">
              <label htmlFor={`sa-${provider.slug}`} className="block text-sm font-medium">
                Service account JSON key
              </label>
              <textarea
                id={`sa-${provider.slug}`}
                name="service_account_key"
                rows={5}
                spellCheck={false}
                aria-invalid={errors.service_account_key ? true : undefined}
                className="w-full rounded-md border border-zinc-300 bg-white px-3 py-1.5 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-900"
                placeholder='{ "type": "service_account", … }'
              />
              <p className={errors.service_account_key ? "text-xs text-red-600" : "text-xs text-zinc-500"}>
                {errors.service_account_key ?? provider.service_account.description}
              </p>
            </div>
          ) : null}
          <Field
            id={`label-${provider.slug}`}
            name="label"
            label="Label (optional)"
            placeholder="e.g. Main store"
          />
          {canShare ? (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="shared" /> Share with everyone in {brandName}
            </label>
          ) : null}
          {oauth ? (
            <p className="text-xs text-zinc-500">
              A window opens at {provider.name} to sign in and approve access.
            </p>
          ) : null}
          {state.phase === "failed" && !Object.keys(serverErrors).length && !oauth ? (
            <ErrorText>{state.message}</ErrorText>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => ref.current?.close()}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {oauth ? "Continue" : pending ? "Checking with the provider…" : "Verify and connect"}
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}
