"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { addCustomProviderAction } from "@/app/(dashboard)/providers/actions";
import { Button } from "@/components/ui/button";
import { Card, ErrorText } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { fieldErrors } from "@/components/ui/field-errors";
import { formText } from "@/components/ui/form-text";

/** Any OAuth 2.0 / OpenID Connect provider: by issuer URL (discovery) or by explicit endpoints. */
export function CustomProviderForm() {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [added, setAdded] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: addCustomProviderAction,
    onSuccess: (res) => {
      if (!res.ok) return setErrors({ ...fieldErrors(res.error), form: res.error.message });
      setErrors({});
      setAdded(res.data.name);
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
          add.mutate({
            slug: formText(f, "slug").trim(),
            name: formText(f, "name").trim(),
            issuer: opt("issuer"),
            authorization_url: opt("authorization_url"),
            token_url: opt("token_url"),
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
        <div className="md:col-span-2">
          <ErrorText>{errors.form}</ErrorText>
          {added ? (
            <p role="status" className="text-sm text-emerald-600">
              Added {added}. It is in the Catalog now.
            </p>
          ) : null}
          <Button type="submit" className="mt-2" disabled={add.isPending}>
            {add.isPending ? "Checking the provider…" : "Add provider"}
          </Button>
        </div>
      </form>
    </Card>
  );
}
