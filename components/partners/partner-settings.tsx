"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, ErrorText } from "@/components/ui/card";
import { Field, inputClass } from "@/components/ui/field";
import { fieldErrors } from "@/components/ui/field-errors";
import { notifySuccess } from "@/components/ui/notify";
import { updatePartnerProfileAction } from "@/lib/partners/actions";
import type { TPartnerProfileView } from "@/lib/partners/schemas";
import { ConnectPreview, type TProviderOption } from "./connect-preview";

const SAMPLE = ["github", "slack", "gmail"];

export function PartnerSettings({
  profile,
  providers,
}: {
  profile: TPartnerProfileView;
  providers: TProviderOption[];
}) {
  const router = useRouter();
  const [enabled, setEnabled] = useState(profile.configured ? profile.enabled : true);
  const [displayName, setDisplayName] = useState(profile.display_name ?? "");
  const [logoUrl, setLogoUrl] = useState(profile.logo_url ?? "");
  const [primaryColor, setPrimaryColor] = useState(profile.primary_color);
  const [backgroundColor, setBackgroundColor] = useState(profile.background_color);
  const [supportUrl, setSupportUrl] = useState(profile.support_url ?? "");
  const [origins, setOrigins] = useState(profile.allowed_redirect_origins.join("\n"));
  const [chosen, setChosen] = useState<string[]>(profile.default_providers);
  const [filter, setFilter] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});

  const bySlug = useMemo(() => new Map(providers.map((p) => [p.slug, p])), [providers]);
  const previewProviders = (chosen.length ? chosen : SAMPLE)
    .map((s) => bySlug.get(s))
    .filter((p): p is TProviderOption => p !== undefined)
    .slice(0, 5);
  const shown = providers.filter(
    (p) => !filter.trim() || `${p.name} ${p.slug}`.toLowerCase().includes(filter.trim().toLowerCase()),
  );

  const save = useMutation({
    mutationFn: updatePartnerProfileAction,
    onSuccess: (res) => {
      setErrors(res.ok ? {} : { ...fieldErrors(res.error), form: res.error.message });
      if (res.ok) {
        notifySuccess(
          res.data.enabled ? "Partner settings saved." : "Partner settings saved; partner mode is off.",
        );
        router.refresh();
      }
    },
  });

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <Card>
        <form
          className="space-y-4"
          aria-label="Partner settings"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({
              enabled,
              display_name: displayName,
              logo_url: logoUrl.trim() || null,
              primary_color: primaryColor,
              background_color: backgroundColor,
              support_url: supportUrl.trim() || null,
              allowed_redirect_origins: origins.split(/\s+/).filter(Boolean),
              default_providers: chosen,
            });
          }}
        >
          <label className="flex items-center gap-2 text-sm font-medium">
            <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
            Partner mode on
          </label>
          <p className="-mt-2 text-xs text-zinc-500">
            On: your API keys can create connected accounts (POST /api/v1/accounts) and call providers for
            them with X-Account-Id.
          </p>
          <Field
            id="partner-name"
            label="Display name"
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
            error={errors.display_name}
            hint="The name your users see on the hosted connect page."
          />
          <Field
            id="partner-logo"
            label="Logo URL"
            value={logoUrl}
            placeholder="https://cdn.example.com/logo.png"
            onChange={(e) => setLogoUrl(e.target.value)}
            error={errors.logo_url}
            hint="https only; shown at 32×32."
          />
          <div className="grid grid-cols-2 gap-4">
            <ColorField
              id="partner-primary"
              label="Primary colour"
              value={primaryColor}
              onChange={setPrimaryColor}
              error={errors.primary_color}
            />
            <ColorField
              id="partner-background"
              label="Background colour"
              value={backgroundColor}
              onChange={setBackgroundColor}
              error={errors.background_color}
            />
          </div>
          <Field
            id="partner-support"
            label="Support URL"
            value={supportUrl}
            placeholder="https://example.com/help"
            onChange={(e) => setSupportUrl(e.target.value)}
            error={errors.support_url}
          />
          <div className="space-y-1">
            <label htmlFor="partner-origins" className="block text-sm font-medium">
              Allowed redirect origins
            </label>
            <textarea
              id="partner-origins"
              rows={3}
              value={origins}
              onChange={(e) => setOrigins(e.target.value)}
              className={inputClass}
              placeholder="https://app.example.com"
              aria-describedby="partner-origins-help"
            />
            <p
              id="partner-origins-help"
              className={
                errors.allowed_redirect_origins
                  ? "text-xs text-red-600 dark:text-red-400"
                  : "text-xs text-zinc-500"
              }
            >
              {errors.allowed_redirect_origins ??
                "One per line, scheme://host[:port]. A connect session's redirect_url must be on one of them."}
            </p>
          </div>
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium">Default providers</legend>
            <p className="text-xs text-zinc-500">
              Offered when a connect session names none.{" "}
              {chosen.length ? `${String(chosen.length)} chosen.` : "None chosen."}
            </p>
            <input
              aria-label="Filter providers"
              className={inputClass}
              placeholder="Filter providers…"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
            />
            <div className="max-h-48 space-y-1 overflow-y-auto rounded-md border border-zinc-200 p-2 dark:border-zinc-800">
              {shown.map((p) => (
                <label key={p.slug} className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    checked={chosen.includes(p.slug)}
                    onChange={(e) =>
                      setChosen((c) => (e.target.checked ? [...c, p.slug] : c.filter((s) => s !== p.slug)))
                    }
                  />
                  {p.name}
                </label>
              ))}
              {shown.length === 0 ? <p className="text-xs text-zinc-500">No provider matches.</p> : null}
            </div>
            {errors.default_providers ? (
              <p className="text-xs text-red-600 dark:text-red-400">{errors.default_providers}</p>
            ) : null}
          </fieldset>
          <ErrorText>{Object.keys(errors).length > 1 ? null : errors.form}</ErrorText>
          <Button type="submit" disabled={save.isPending}>
            {save.isPending ? "Saving…" : "Save partner settings"}
          </Button>
        </form>
      </Card>
      <div className="lg:sticky lg:top-6 lg:self-start">
        <ConnectPreview
          branding={{ displayName, logoUrl, primaryColor, backgroundColor, supportUrl }}
          providers={previewProviders}
        />
      </div>
    </div>
  );
}

function ColorField({
  id,
  label,
  value,
  onChange,
  error,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
}) {
  const valid = /^#[0-9a-fA-F]{6}$/.test(value);
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <div className="flex items-center gap-2">
        <input
          type="color"
          aria-label={`${label} picker`}
          value={valid ? value : "#000000"}
          onChange={(e) => onChange(e.target.value)}
          className="h-8 w-10 shrink-0 cursor-pointer rounded border border-zinc-300 dark:border-zinc-700"
        />
        <input
          id={id}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={error || !valid ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          className={inputClass}
        />
      </div>
      {error ? (
        <p id={`${id}-error`} className="text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : !valid ? (
        <p className="text-xs text-amber-700 dark:text-amber-400">Use #rrggbb</p>
      ) : null}
    </div>
  );
}
