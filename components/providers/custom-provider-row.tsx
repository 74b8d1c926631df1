"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { removeAppAction, updateCustomProviderAction } from "@/lib/providers/actions";
import type { TCustomProviderDetails } from "@/lib/providers/update-custom-provider";
import { parseParams } from "@/components/providers/custom-provider-form";
import { Button } from "@/components/ui/button";
import { Badge, ErrorText } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field, inputClass } from "@/components/ui/field";
import { fieldErrors } from "@/components/ui/field-errors";
import { formText } from "@/components/ui/form-text";
import { ProviderLogo } from "@/components/ui/provider-logo";

const plural = (n: number) => `${n} connection${n === 1 ? "" : "s"}`;
const use = (n: number) => (n === 1 ? "uses" : "use");

/**
 * One of the team's custom providers on the Providers page: what it is, edit (endpoints, scopes, extra
 * authorization parameters, client authentication, revocation / userinfo URL, API base, client) and delete —
 * refused by the server while connections use it, with the message shown here.
 */
export function CustomProviderRow({
  provider,
  redirectUri,
}: {
  provider: TCustomProviderDetails;
  redirectUri: string | null;
}) {
  const router = useRouter();
  const d = provider.definition;
  const slug = provider.slug;
  const [open, setOpen] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState<string | null>(null);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: updateCustomProviderAction,
    onSuccess: (res) => {
      if (!res.ok) return setErrors({ ...fieldErrors(res.error), form: res.error.message });
      setErrors({});
      setOpen(false);
      const n = res.data.connections_to_reconnect;
      setSaved(
        res.data.endpoints_changed && n > 0
          ? `Saved ${res.data.name}. Its endpoints changed: ${plural(n)} must be reconnected before they are used again.`
          : `Saved ${res.data.name}.`,
      );
      router.refresh();
    },
  });
  const remove = useMutation({
    mutationFn: removeAppAction,
    onSuccess: (res) => {
      if (!res.ok) return setRemoveError(res.error.message);
      setRemoveError(null);
      router.refresh();
    },
  });
  const id = (f: string) => `cpe-${slug}-${f}`;
  return (
    <li className="px-4 py-3" data-testid={`custom-provider-${slug}`}>
      <div className="flex flex-wrap items-center gap-3">
        <ProviderLogo src="/logos/custom.svg" name={d.name} size={24} />
        <div className="min-w-0 flex-1">
          <p className="font-medium">{d.name}</p>
          <p className="truncate text-xs text-zinc-500">
            <code>{slug}</code> · {d.issuer ?? new URL(d.authorizationUrl).host} ·{" "}
            {plural(provider.connections)}
          </p>
        </div>
        <Badge tone="indigo">Custom</Badge>
        <Button
          variant="secondary"
          onClick={() => {
            setSaved(null);
            setOpen((o) => !o);
          }}
          aria-expanded={open}
          aria-label={open ? `Close editing ${d.name}` : `Edit ${d.name}`}
        >
          {open ? "Close" : "Edit"}
        </Button>
        <ConfirmDialog
          trigger="Delete provider"
          title={`Delete ${d.name}?`}
          confirmLabel="Delete provider"
          pending={remove.isPending}
          onConfirm={() => remove.mutate({ provider: slug, level: "team" })}
        >
          {provider.connections > 0 ? (
            <p>
              {plural(provider.connections)} still {use(provider.connections)} {d.name}, so it will not be
              deleted: disconnect {provider.connections === 1 ? "it" : "them"} first (their tokens are bound
              to this definition).
            </p>
          ) : (
            <p>The provider definition and its client (id and secret) are deleted. No connection uses it.</p>
          )}
        </ConfirmDialog>
      </div>
      {redirectUri ? (
        <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
          Redirect URI to register:{" "}
          <code className="rounded bg-zinc-100 px-1 dark:bg-zinc-800" data-testid={`redirect-uri-${slug}`}>
            {redirectUri}
          </code>
        </p>
      ) : null}
      {removeError ? (
        <div className="mt-2">
          <ErrorText>{removeError}</ErrorText>
        </div>
      ) : null}
      {saved ? (
        <p role="status" className="mt-2 text-sm text-emerald-700 dark:text-emerald-400">
          ✓ {saved}
        </p>
      ) : null}
      {open ? (
        <form
          aria-label={`Edit ${d.name}`}
          className="mt-3 grid gap-3 md:grid-cols-2"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            const opt = (n: string) => formText(f, n).trim() || null;
            const extras = parseParams(formText(f, "extra_authorization_params"));
            if (typeof extras === "string") return setErrors({ extra_authorization_params: extras });
            save.mutate({
              provider: slug,
              name: formText(f, "name").trim(),
              authorization_url: formText(f, "authorization_url").trim(),
              token_url: formText(f, "token_url").trim(),
              revocation_url: opt("revocation_url"),
              userinfo_url: opt("userinfo_url"),
              api_base_url: formText(f, "api_base_url").trim(),
              scopes: formText(f, "scopes")
                .split(/[\s,]+/)
                .filter(Boolean),
              scope_separator: d.scopeSeparator,
              token_endpoint_auth:
                formText(f, "token_endpoint_auth") === "client_secret_post"
                  ? "client_secret_post"
                  : "client_secret_basic",
              extra_authorization_params: extras,
              offline_access_consent: f.get("offline_access_consent") === "on",
              issues_refresh_token: f.get("issues_refresh_token") === "on" ? true : null,
              client_id: formText(f, "client_id").trim(),
              client_secret: formText(f, "client_secret") || undefined,
            });
          }}
        >
          {provider.connections > 0 ? (
            <p className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 md:col-span-2 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200">
              {plural(provider.connections)} {use(provider.connections)} {d.name}. If you change a URL
              (authorization, token, revocation, userinfo or API base),{" "}
              {provider.connections === 1 ? "it" : "they"} must be reconnected: Patchbay never sends stored
              tokens to new endpoints.
            </p>
          ) : null}
          <Field id={id("name")} name="name" label="Name" defaultValue={d.name} error={errors.name} />
          <div className="space-y-1">
            <p className="text-sm font-medium">Issuer</p>
            <p className="py-1.5 text-sm text-zinc-600 dark:text-zinc-400">
              {d.issuer ? <code>{d.issuer}</code> : "None (explicit endpoints)"}
            </p>
            <p className="text-xs text-zinc-500">A different issuer is a different provider: add it anew.</p>
          </div>
          <Field
            id={id("auth")}
            name="authorization_url"
            label="Authorization URL"
            defaultValue={d.authorizationUrl}
            error={errors.authorization_url}
          />
          <Field
            id={id("token")}
            name="token_url"
            label="Token URL"
            defaultValue={d.tokenUrl}
            error={errors.token_url}
          />
          <Field
            id={id("revoke")}
            name="revocation_url"
            label="Revocation URL"
            defaultValue={d.revocationUrl ?? ""}
            hint="RFC 7009. Empty: disconnecting deletes the tokens without revoking them."
            error={errors.revocation_url}
          />
          <Field
            id={id("userinfo")}
            name="userinfo_url"
            label="Userinfo URL"
            defaultValue={d.userInfoUrl ?? ""}
            hint="OpenID Connect userinfo: what “Test connection” reads."
            error={errors.userinfo_url}
          />
          <Field
            id={id("api")}
            name="api_base_url"
            label="API base URL"
            defaultValue={d.apiBaseUrl}
            error={errors.api_base_url}
          />
          <Field
            id={id("scopes")}
            name="scopes"
            label="Scopes"
            defaultValue={d.scopes.join(" ")}
            error={errors.scopes}
          />
          <div className="space-y-1">
            <label htmlFor={id("token-auth")} className="block text-sm font-medium">
              Token endpoint authentication
            </label>
            <select
              id={id("token-auth")}
              name="token_endpoint_auth"
              defaultValue={d.tokenEndpointAuth}
              className={inputClass}
            >
              <option value="client_secret_basic">client_secret_basic (HTTP Basic)</option>
              <option value="client_secret_post">client_secret_post (in the form body)</option>
            </select>
          </div>
          <Field
            id={id("cid")}
            name="client_id"
            label="Client ID"
            defaultValue={provider.client_id}
            error={errors.client_id}
          />
          <Field
            id={id("secret")}
            name="client_secret"
            type="password"
            autoComplete="off"
            label="Client secret"
            hint="Leave empty to keep the stored secret. Stored encrypted; never shown."
            error={errors.client_secret}
          />
          <div className="space-y-1 md:col-span-2">
            <label htmlFor={id("extra")} className="block text-sm font-medium">
              Extra authorization parameters
            </label>
            <textarea
              id={id("extra")}
              name="extra_authorization_params"
              rows={3}
              defaultValue={Object.entries(d.extraAuthorizationParams)
                .map(([k, v]) => `${k}=${v}`)
                .join("\n")}
              aria-invalid={errors.extra_authorization_params ? true : undefined}
              className={`${inputClass} font-mono`}
            />
            {errors.extra_authorization_params ? (
              <p className="text-xs text-red-600 dark:text-red-400">{errors.extra_authorization_params}</p>
            ) : (
              <p className="text-xs text-zinc-500">One name=value per line, added to the sign-in URL.</p>
            )}
          </div>
          <label className="flex items-start gap-2 text-sm md:col-span-2">
            <input
              type="checkbox"
              name="offline_access_consent"
              defaultChecked={d.offlineAccessConsent}
              className="mt-1"
            />
            <span>
              Ask for consent (<code>prompt=consent</code>) when <code>offline_access</code> is requested.
            </span>
          </label>
          <label className="flex items-start gap-2 text-sm md:col-span-2">
            <input
              type="checkbox"
              name="issues_refresh_token"
              defaultChecked={d.issuesRefreshToken === true}
              className="mt-1"
            />
            <span>
              This provider always issues refresh tokens: warn when a connection comes back without one.
            </span>
          </label>
          <div className="md:col-span-2">
            <ErrorText>{errors.form}</ErrorText>
            <Button type="submit" className="mt-2" disabled={save.isPending}>
              {save.isPending ? "Saving…" : "Save changes"}
            </Button>
          </div>
        </form>
      ) : null}
    </li>
  );
}
