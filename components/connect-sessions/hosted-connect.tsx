"use client";

// The hosted, white-label connect page: the partner's name, logo and colours, no Patchbay chrome. Everything it
// does goes through the public actions in lib/connect-sessions/actions.ts with the page's token. OAuth runs in
// redirect mode (the whole page goes to the provider and the callback sends the browser on to the partner's
// redirect_url), which works the same on a phone; key providers get an inline-validated form.
// Opened as a popup by the partner's <ConnectButton> (window.opener set), the OAuth grant runs in popup mode
// instead: the callback posts the outcome to the opener — to the session's allow-listed redirect origin only —
// and the key form and Cancel do the same here, then close the window.
import { NextIntlClientProvider, useTranslations } from "next-intl";
import { useId, useRef, useState, type CSSProperties, type FormEvent } from "react";
import type { THostedMessages } from "@/components/connect-sessions/messages";
import {
  cancelHostedSessionAction,
  startHostedOAuthAction,
  submitHostedCredentialAction,
} from "@/lib/connect-sessions/actions";
import type { TBranding, THostedPage, THostedProvider } from "@/lib/connect-sessions/hosted";
import type { TLocale } from "@/lib/connect-sessions/schemas";

/** Black or white text, whichever reads better on the partner's colour (WCAG relative luminance). */
function textOn(hex: string): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return "#ffffff";
  const lin = (c: string) => {
    const v = parseInt(c, 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin(m[1]!) + 0.7152 * lin(m[2]!) + 0.0722 * lin(m[3]!);
  return l > 0.4 ? "#111827" : "#ffffff";
}

/** Opened by the partner's page (its Connect button's popup)? Then finish by message instead of navigating. */
const inPartnerPopup = () => typeof window !== "undefined" && window.opener !== null && window.opener !== window;

/**
 * Popup: tell the opener how it ended — only the redirect URL's origin, which the partner allow-listed, can hear
 * it — and close. Otherwise (or with no opener left) go to the redirect URL as always.
 */
function finishAt(redirectUrl: string) {
  const opener = window.opener as Window | null;
  if (opener && !opener.closed) {
    const u = new URL(redirectUrl);
    const q = u.searchParams;
    const ok = q.get("status") === "success";
    const code = q.get("error") ?? "failed";
    opener.postMessage(
      {
        type: "patchbay:oauth",
        grant_id: null,
        provider: q.get("provider"),
        status: ok ? "connected" : "failed",
        connection_id: q.get("connection_id"),
        error: ok ? null : { code, description: code === "user_cancelled" ? "The user cancelled." : null },
      },
      u.origin,
    );
    window.close();
    return;
  }
  window.location.assign(redirectUrl);
}

const DEFAULT_BRANDING: TBranding = {
  name: "",
  logoUrl: null,
  primaryColor: "#4f46e5",
  backgroundColor: "#f4f4f5",
  supportUrl: null,
};

export function HostedConnect(props: {
  token: string;
  page: THostedPage;
  locale: TLocale;
  messages: THostedMessages;
}) {
  return (
    <NextIntlClientProvider locale={props.locale} messages={props.messages} timeZone="UTC">
      <HostedShell {...props} />
    </NextIntlClientProvider>
  );
}

function HostedShell({ token, page, locale }: { token: string; page: THostedPage; locale: TLocale }) {
  const t = useTranslations("Hosted");
  const branding = (page.state !== "invalid" ? page.branding : null) ?? DEFAULT_BRANDING;
  const partner = branding.name || t("someone");
  const style = {
    backgroundColor: branding.backgroundColor,
    "--pb-primary": branding.primaryColor,
    "--pb-on-primary": textOn(branding.primaryColor),
  } as CSSProperties;
  return (
    <div style={style} className="flex min-h-screen items-start justify-center px-4 py-8 sm:items-center">
      <main
        lang={locale}
        className="w-full max-w-md rounded-xl bg-white p-6 text-zinc-900 shadow-lg ring-1 ring-black/5 sm:p-8"
      >
        {branding.name ? (
          <header className="mb-6 flex items-center gap-3" data-testid="partner-brand">
            {branding.logoUrl ? (
              <img
                src={branding.logoUrl}
                alt={t("logoAlt", { partner })}
                width={40}
                height={40}
                className="h-10 w-10 rounded-md object-contain"
              />
            ) : null}
            <span className="text-lg font-semibold">{branding.name}</span>
          </header>
        ) : null}
        {page.state === "pending" ? (
          <PendingView token={token} page={page} partner={partner} locale={locale} />
        ) : (
          <ClosedView page={page} partner={partner} />
        )}
      </main>
    </div>
  );
}

function ClosedView({ page, partner }: { page: Exclude<THostedPage, { state: "pending" }>; partner: string }) {
  const t = useTranslations("Hosted");
  const [title, body] =
    page.state === "invalid"
      ? [t("invalidTitle"), t("invalidBody")]
      : page.state === "expired"
        ? [t("expiredTitle"), t("expiredBody", { partner })]
        : [
            t("usedTitle"),
            page.outcome === "connected" ? t("usedBodyConnected") : t("usedBodyFailed", { partner }),
          ];
  return (
    <section aria-labelledby="hosted-title" data-testid={`hosted-${page.state}`}>
      <h1 id="hosted-title" className="text-xl font-semibold">
        {title}
      </h1>
      <p className="mt-2 text-sm text-zinc-600">{body}</p>
    </section>
  );
}

const focusRing =
  "focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-[var(--pb-primary)]";
const primaryButton = `inline-flex w-full items-center justify-center gap-2 rounded-lg bg-[var(--pb-primary)] px-4 py-3 text-base font-medium text-[var(--pb-on-primary)] disabled:opacity-60 ${focusRing}`;

function PendingView({
  token,
  page,
  partner,
  locale,
}: {
  token: string;
  page: Extract<THostedPage, { state: "pending" }>;
  partner: string;
  locale: TLocale;
}) {
  const t = useTranslations("Hosted");
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const errorRef = useRef<HTMLParagraphElement>(null);
  const showError = (message: string) => {
    setError(message);
    requestAnimationFrame(() => errorRef.current?.focus());
  };

  async function signIn(p: THostedProvider) {
    setBusy(p.slug);
    setError(null);
    const res = await startHostedOAuthAction({ token, provider: p.slug, popup: inPartnerPopup() });
    if (res.ok) {
      window.location.assign(res.data.authorization_url);
      return;
    }
    setBusy(null);
    showError(res.error.message);
  }

  async function cancel() {
    setBusy("cancel");
    const res = await cancelHostedSessionAction({ token });
    if (res.ok) finishAt(res.data.redirect_url);
    else {
      setBusy(null);
      showError(res.error.message);
    }
  }

  return (
    <section aria-labelledby="hosted-title">
      <h1 id="hosted-title" className="text-xl font-semibold">
        {page.reconnect ? t("titleReconnect", { partner }) : t("title", { partner })}
      </h1>
      <p className="mt-2 text-sm text-zinc-600">
        {page.reconnect ? t("introReconnect") : t("intro", { partner })}
      </p>
      <p
        ref={errorRef}
        tabIndex={-1}
        role="alert"
        className={error ? "mt-4 rounded-md bg-red-50 p-3 text-sm text-red-800 outline-none" : "sr-only"}
      >
        {error ?? ""}
      </p>
      {page.providers.length === 0 ? (
        <p className="mt-6 text-sm">{t("noProviders", { partner })}</p>
      ) : (
        <ul aria-label={t("providersLabel")} className="mt-6 space-y-3">
          {page.providers.map((p) => (
            <li key={p.slug} className="rounded-lg border border-zinc-200 p-3">
              <div className="mb-3 flex items-center gap-3">
                <img src={p.logo} alt="" width={28} height={28} className="h-7 w-7 rounded" />
                <span className="font-medium">{p.name}</span>
              </div>
              {p.oauth ? (
                <button
                  type="button"
                  className={primaryButton}
                  disabled={busy !== null}
                  aria-busy={busy === p.slug}
                  onClick={() => void signIn(p)}
                >
                  {busy === p.slug
                    ? t("opening", { provider: p.name })
                    : page.reconnect
                      ? t("reconnectWith", { provider: p.name })
                      : t("connectWith", { provider: p.name })}
                </button>
              ) : !page.reconnect && (p.apiKey || p.basic || p.serviceAccount) ? (
                <KeyForm token={token} provider={p} disabled={busy !== null} />
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <div className="mt-6 flex flex-col gap-3 border-t border-zinc-200 pt-4 text-sm">
        <button
          type="button"
          onClick={() => void cancel()}
          disabled={busy !== null}
          className={`self-start rounded text-zinc-700 underline underline-offset-2 ${focusRing}`}
        >
          {t("cancel", { partner })}
        </button>
        {page.branding.supportUrl ? (
          <a href={page.branding.supportUrl} rel="noreferrer noopener" className={`self-start rounded underline ${focusRing}`}>
            {t("help", { partner })}
          </a>
        ) : null}
        <p className="text-xs text-zinc-500">
          {t("expiresAt", {
            time: new Date(page.expiresAt).toLocaleTimeString(locale, {
              hour: "2-digit",
              minute: "2-digit",
            }),
          })}
        </p>
      </div>
    </section>
  );
}

type TFieldDef = { name: string; label: string; type: "text" | "password" | "textarea"; required: boolean; hint?: string | null };

function fieldsOf(p: THostedProvider, t: ReturnType<typeof useTranslations<"Hosted">>): TFieldDef[] {
  const params: TFieldDef[] = p.params.map((c) => ({
    name: `params.${c.name}`,
    label: c.label,
    type: "text",
    required: !c.optional,
    hint: c.description,
  }));
  if (p.apiKey)
    return [...params, { name: "api_key", label: p.apiKey.label || t("apiKey"), type: "password", required: true, hint: p.apiKey.instructions }];
  if (p.basic)
    return [
      ...params,
      { name: "username", label: p.basic.usernameLabel || t("username"), type: "text", required: true, hint: p.basic.instructions },
      { name: "password", label: p.basic.passwordLabel || t("password"), type: "password", required: true },
    ];
  return [...params, { name: "service_account_key", label: t("serviceAccount"), type: "textarea", required: true, hint: p.serviceAccount?.description }];
}

function KeyForm({ token, provider, disabled }: { token: string; provider: THostedProvider; disabled: boolean }) {
  const t = useTranslations("Hosted");
  const base = useId();
  const fields = fieldsOf(provider, t);
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const idOf = (name: string) => `${base}-${name.replace(/\W/g, "_")}`;

  const focusFirstError = (errs: Record<string, string>) => {
    const first = fields.find((f) => errs[f.name]);
    if (first) requestAnimationFrame(() => document.getElementById(idOf(first.name))?.focus());
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    for (const f of fields) if (f.required && !values[f.name]?.trim()) errs[f.name] = t("required", { field: f.label });
    setErrors(errs);
    setFormError(null);
    if (Object.keys(errs).length) return focusFirstError(errs);
    setBusy(true);
    const params: Record<string, string> = {};
    for (const f of fields) if (f.name.startsWith("params.")) params[f.name.slice(7)] = values[f.name] ?? "";
    const res = await submitHostedCredentialAction({
      token,
      provider: provider.slug,
      params,
      api_key: values.api_key || undefined,
      username: values.username || undefined,
      password: values.password || undefined,
      service_account_key: values.service_account_key || undefined,
    });
    if (res.ok) {
      finishAt(res.data.redirect_url);
      return;
    }
    setBusy(false);
    // Field problems (the provider rejected the key, a parameter's shape) go next to the field.
    const issues = (res.error.details as { issues?: { path: string; message: string }[] } | undefined)?.issues ?? [];
    const byField: Record<string, string> = {};
    for (const i of issues) {
      const f = fields.find((x) => i.path === x.name || i.path.endsWith(`.${x.name}`));
      if (f) byField[f.name] = i.message;
    }
    if (Object.keys(byField).length) {
      setErrors(byField);
      focusFirstError(byField);
    } else setFormError(res.error.message);
  }

  return (
    <form noValidate onSubmit={(e) => void submit(e)} className="space-y-3" aria-label={t("useKey", { provider: provider.name })}>
      {fields.map((f) => {
        const id = idOf(f.name);
        const err = errors[f.name];
        const describedBy = err ? `${id}-error` : f.hint ? `${id}-hint` : undefined;
        const common = {
          id,
          name: f.name,
          value: values[f.name] ?? "",
          required: f.required,
          "aria-invalid": err ? true : undefined,
          "aria-describedby": describedBy,
          autoComplete: "off",
          className: `w-full rounded-md border px-3 py-2 text-base ${err ? "border-red-500" : "border-zinc-300"} ${focusRing}`,
        };
        const onChange = (v: string) => setValues((old) => ({ ...old, [f.name]: v }));
        return (
          <div key={f.name} className="space-y-1">
            <label htmlFor={id} className="block text-sm font-medium">
              {f.label}
              {f.required ? null : <span className="ml-1 text-zinc-500">({t("optional")})</span>}
            </label>
            {f.type === "textarea" ? (
              <textarea {...common} rows={5} onChange={(e) => onChange(e.target.value)} />
            ) : (
              <input {...common} type={f.type} spellCheck={false} onChange={(e) => onChange(e.target.value)} />
            )}
            {err ? (
              <p id={`${id}-error`} className="text-sm text-red-700">
                {err}
              </p>
            ) : f.hint ? (
              <p id={`${id}-hint`} className="text-xs text-zinc-500">
                {f.hint}
              </p>
            ) : null}
          </div>
        );
      })}
      {formError ? (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          {formError}
        </p>
      ) : null}
      <button type="submit" className={primaryButton} disabled={disabled || busy} aria-busy={busy}>
        {busy ? t("checking", { provider: provider.name }) : `${t("submit")} · ${provider.name}`}
      </button>
    </form>
  );
}
