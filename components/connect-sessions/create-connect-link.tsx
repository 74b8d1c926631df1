"use client";

// "Create connect link" for one connected account: a hosted, 30-minute, single-use connect page to send to the
// account's end-user by hand. Mounted on the Accounts page (lib/partners' UI) with the account's id.
import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { createConnectLinkAction } from "@/lib/connect-sessions/actions";

type TIssue = { path: string; message: string };

export function CreateConnectLink({
  accountId,
  defaultRedirectUrl = "",
}: {
  accountId: string;
  /** e.g. the partner's first allowed redirect origin */
  defaultRedirectUrl?: string;
}) {
  const base = useId();
  const [redirectUrl, setRedirectUrl] = useState(defaultRedirectUrl);
  const [providers, setProviders] = useState("");
  const [locale, setLocale] = useState<"" | "en" | "de">("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [link, setLink] = useState<{ url: string; expiresAt: string } | null>(null);
  const [copied, setCopied] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setFieldErrors({});
    if (!redirectUrl.trim()) {
      setFieldErrors({ redirect: "Enter the URL the user returns to afterwards." });
      return;
    }
    setBusy(true);
    const list = providers
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const res = await createConnectLinkAction({
      accountId,
      redirect_url: redirectUrl.trim(),
      providers: list.length ? list : undefined,
      locale: locale || undefined,
    });
    setBusy(false);
    if (!res.ok) {
      const issues = (res.error.details as { issues?: TIssue[] } | undefined)?.issues ?? [];
      const fe: Record<string, string> = {};
      for (const i of issues) {
        if (i.path.includes("redirect_url")) fe.redirect = i.message;
        else if (i.path.includes("providers")) fe.providers = fe.providers ? `${fe.providers}; ${i.message}` : i.message;
      }
      setFieldErrors(fe);
      setError(res.error.message);
      return;
    }
    setCopied(false);
    setLink({ url: res.data.connect_url, expiresAt: res.data.expires_at });
  }

  return (
    <div className="space-y-4" data-testid="create-connect-link">
      <form onSubmit={(e) => void submit(e)} noValidate className="space-y-3">
        <Field
          id={`${base}-redirect`}
          label="Redirect URL (on an allowed redirect origin)"
          type="url"
          placeholder="https://app.example.com/integrations/done"
          value={redirectUrl}
          onChange={(e) => setRedirectUrl(e.target.value)}
          error={fieldErrors.redirect}
          required
        />
        <Field
          id={`${base}-providers`}
          label="Providers (comma-separated; empty: the partner defaults)"
          placeholder="sandbox, stripe"
          value={providers}
          onChange={(e) => setProviders(e.target.value)}
          error={fieldErrors.providers}
        />
        <div className="space-y-1">
          <label htmlFor={`${base}-locale`} className="block text-sm font-medium">
            Language
          </label>
          <select
            id={`${base}-locale`}
            value={locale}
            onChange={(e) => setLocale(e.target.value as "" | "en" | "de")}
            className="rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900"
          >
            <option value="">The user’s browser</option>
            <option value="en">English</option>
            <option value="de">Deutsch</option>
          </select>
        </div>
        {error ? (
          <p role="alert" className="text-sm text-red-600 dark:text-red-400">
            {error}
          </p>
        ) : null}
        <Button type="submit" disabled={busy} aria-busy={busy}>
          {busy ? "Creating…" : "Create connect link"}
        </Button>
      </form>
      {link ? (
        <div className="space-y-2 rounded-md border border-zinc-300 p-3 dark:border-zinc-700" aria-live="polite">
          <p className="text-sm font-medium">Connect link</p>
          <div className="flex gap-2">
            <input
              readOnly
              value={link.url}
              aria-label="Connect link"
              data-testid="connect-link"
              onFocus={(e) => e.currentTarget.select()}
              className="w-full rounded-md border border-zinc-300 bg-white px-2 py-1 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-900"
            />
            <Button
              variant="secondary"
              onClick={() => {
                void navigator.clipboard?.writeText(link.url).then(() => setCopied(true));
              }}
            >
              {copied ? "Copied" : "Copy"}
            </Button>
          </div>
          <p className="text-xs text-zinc-500">
            Works once, until {new Date(link.expiresAt).toLocaleTimeString()} (30 minutes). Anyone with the link can
            connect an account for this user: send it only to them.
          </p>
        </div>
      ) : null}
    </div>
  );
}
