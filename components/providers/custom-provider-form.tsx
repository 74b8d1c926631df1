"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { notifySuccess } from "@/components/ui/notify";
import { addCustomProviderAction } from "@/lib/providers/actions";
import { Button } from "@/components/ui/button";
import { Card, ErrorText } from "@/components/ui/card";
import { Field, inputClass } from "@/components/ui/field";
import { fieldErrors } from "@/components/ui/field-errors";
import { formText } from "@/components/ui/form-text";

/** "name=value" lines → object; a message when a line has no "=". */
export function parseParams(text: string): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/).map((l) => l.trim())) {
    if (!line) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) return `"${line.slice(0, 40)}" is not name=value`;
    out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out;
}

/** Any OAuth 2.0 / OpenID Connect provider: by issuer URL (discovery) or by explicit endpoints. */
export function CustomProviderForm() {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const add = useMutation({
    mutationFn: addCustomProviderAction,
    onSuccess: (res) => {
      if (!res.ok) return setErrors({ ...fieldErrors(res.error), form: res.error.message });
      setErrors({});
      notifySuccess(`Added ${res.data.name}. It is in the Catalog now.`);
      router.refresh();
    },
  });
  return (
    <Card>
      <h2 className="font-medium">Add a custom provider</h2>
      <p className="mb-3 text-sm text-zinc-500">
        Any OAuth 2.0 or OpenID Connect server. Give its issuer URL and Patchbay reads its discovery document,
        or enter the endpoints yourself.
      </p>
      <form
        className="grid gap-3 md:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const opt = (n: string) => formText(f, n).trim() || undefined;
          const extras = parseParams(formText(f, "extra_authorization_params"));
          if (typeof extras === "string") return setErrors({ extra_authorization_params: extras });
          const auth = formText(f, "token_endpoint_auth");
          add.mutate({
            slug: formText(f, "slug").trim(),
            name: formText(f, "name").trim(),
            issuer: opt("issuer"),
            authorization_url: opt("authorization_url"),
            token_url: opt("token_url"),
            revocation_url: opt("revocation_url"),
            token_endpoint_auth:
              auth === "client_secret_basic" || auth === "client_secret_post" ? auth : undefined,
            extra_authorization_params: extras,
            offline_access_consent: f.get("offline_access_consent") === "on",
            issues_refresh_token: f.get("issues_refresh_token") === "on" ? true : undefined,
            api_base_url: formText(f, "api_base_url").trim(),
            scopes: formText(f, "scopes")
              .split(/[\s,]+/)
              .filter(Boolean),
            scope_separator: " ",
            client_id: formText(f, "client_id").trim(),
            client_secret: formText(f, "client_secret"),
          });
        }}
      >
        <Field id="cp-name" name="name" label="Name" placeholder="Acme Identity" error={errors.name} />
        <Field
          id="cp-slug"
          name="slug"
          label="Slug"
          placeholder="acme-idp"
          error={errors.slug}
          hint="Used in API paths."
        />
        <Field
          id="cp-issuer"
          name="issuer"
          label="Issuer URL (discovery)"
          placeholder="https://login.acme.com"
          error={errors.issuer}
        />
        <Field
          id="cp-api"
          name="api_base_url"
          label="API base URL"
          placeholder="https://api.acme.com"
          error={errors.api_base_url}
        />
        <Field
          id="cp-auth"
          name="authorization_url"
          label="Authorization URL (without discovery)"
          error={errors.authorization_url}
        />
        <Field
          id="cp-token"
          name="token_url"
          label="Token URL (without discovery)"
          error={errors.token_url}
        />
        <Field
          id="cp-scopes"
          name="scopes"
          label="Scopes"
          placeholder="openid email offline_access"
          error={errors.scopes}
        />
        <Field id="cp-cid" name="client_id" label="Client ID" error={errors.client_id} />
        <Field
          id="cp-secret"
          name="client_secret"
          type="password"
          autoComplete="off"
          label="Client secret"
          error={errors.client_secret}
        />
        <details
          open={
            Boolean(
              errors.revocation_url || errors.token_endpoint_auth || errors.extra_authorization_params,
            ) || undefined
          }
          className="rounded-md border border-zinc-200 p-3 md:col-span-2 dark:border-zinc-800"
        >
          <summary className="cursor-pointer text-sm font-medium">
            Advanced: revocation, client authentication, extra parameters
          </summary>
          <div className="mt-3 grid gap-3 md:grid-cols-2">
            <Field
              id="cp-revoke"
              name="revocation_url"
              label="Revocation URL"
              hint="RFC 7009; discovered from the issuer when left empty."
              error={errors.revocation_url}
            />
            <div className="space-y-1">
              <label htmlFor="cp-token-auth" className="block text-sm font-medium">
                Token endpoint authentication
              </label>
              <select
                id="cp-token-auth"
                name="token_endpoint_auth"
                defaultValue=""
                aria-invalid={errors.token_endpoint_auth ? true : undefined}
                className={inputClass}
              >
                <option value="">Automatic (from discovery, else HTTP Basic)</option>
                <option value="client_secret_basic">client_secret_basic (HTTP Basic)</option>
                <option value="client_secret_post">client_secret_post (in the form body)</option>
              </select>
              {errors.token_endpoint_auth ? (
                <p className="text-xs text-red-600 dark:text-red-400">{errors.token_endpoint_auth}</p>
              ) : null}
            </div>
            <div className="space-y-1 md:col-span-2">
              <label htmlFor="cp-extra" className="block text-sm font-medium">
                Extra authorization parameters
              </label>
              <textarea
                id="cp-extra"
                name="extra_authorization_params"
                rows={3}
                placeholder={"audience=https://api.acme.com\naccess_type=offline"}
                aria-invalid={errors.extra_authorization_params ? true : undefined}
                aria-describedby="cp-extra-hint"
                className={`${inputClass} font-mono`}
              />
              {errors.extra_authorization_params ? (
                <p className="text-xs text-red-600 dark:text-red-400">{errors.extra_authorization_params}</p>
              ) : (
                <p id="cp-extra-hint" className="text-xs text-zinc-500">
                  One name=value per line, added to the sign-in URL. A prompt here replaces the one Patchbay
                  sends.
                </p>
              )}
            </div>
            <label className="flex items-start gap-2 text-sm md:col-span-2">
              <input type="checkbox" name="offline_access_consent" defaultChecked className="mt-1" />
              <span>
                Ask for consent (<code>prompt=consent</code>) when <code>offline_access</code> is requested —
                OpenID Connect servers issue refresh tokens only then.
              </span>
            </label>
            <label className="flex items-start gap-2 text-sm md:col-span-2">
              <input type="checkbox" name="issues_refresh_token" className="mt-1" />
              <span>
                This provider always issues refresh tokens: warn when a connection comes back without one.
              </span>
            </label>
          </div>
        </details>
        <div className="md:col-span-2">
          <ErrorText>{errors.form}</ErrorText>
          <Button type="submit" className="mt-2" disabled={add.isPending}>
            {add.isPending ? "Checking the provider…" : "Add provider"}
          </Button>
        </div>
      </form>
    </Card>
  );
}
