"use client";

// Per provider app: the inbound webhook URL to paste at the provider and its signing secrets (ids and dates only;
// a secret is typed in once and never shown again). Several may be stored while one rolls.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Badge, ErrorText } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import { ProviderLogo } from "@/components/ui/provider-logo";
import {
  addInboundSecretAction,
  removeInboundSecretAction,
  revealPendingTokenAction,
} from "@/lib/webhooks/actions";
import type { TInboundConfig } from "@/lib/webhooks/inbound-config";

type TRow = TInboundConfig & { name: string; logo: string };

async function unwrap<T>(
  p: Promise<{ ok: true; data: T } | { ok: false; error: { message: string } }>,
): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(r.error.message);
  return r.data;
}

function ProviderRow({ row }: { row: TRow }) {
  const router = useRouter();
  const [secret, setSecret] = useState("");
  const add = useMutation({
    mutationFn: () => unwrap(addInboundSecretAction({ provider: row.provider, level: "team", secret })),
    onSuccess: () => {
      setSecret("");
      router.refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) =>
      unwrap(removeInboundSecretAction({ provider: row.provider, secret_id: id, level: "team" })),
    onSuccess: () => router.refresh(),
  });
  const [revealed, setRevealed] = useState<string | null>(null);
  const reveal = useMutation({
    mutationFn: () => unwrap(revealPendingTokenAction({ provider: row.provider, level: "team" })),
    onSuccess: (data) => {
      setRevealed(data.token);
      router.refresh();
    },
  });
  const clientSecret = row.signed_with === "client_secret";
  const publicKey = row.signed_with === "public_key";
  return (
    <li className="space-y-2 p-4">
      <div className="flex flex-wrap items-center gap-2">
        <ProviderLogo src={row.logo} name={row.name} size={20} />
        <span className="font-medium">{row.name}</span>
        {row.automatic_registration ? <Badge tone="indigo">Registered automatically on connect</Badge> : null}
        {clientSecret ? <Badge>Signed with the app&apos;s client secret</Badge> : null}
        {row.handshakes.length ? (
          <Badge>Handshake: {row.handshakes.join(", ").replaceAll("_", " ")}</Badge>
        ) : null}
        {!clientSecret && row.secrets.length === 0 && !revealed && !row.automatic_registration ? (
          <Badge tone="amber">No secret: deliveries are rejected</Badge>
        ) : null}
      </div>
      {row.url ? (
        <p className="text-sm">
          Webhook URL{" "}
          <code
            className="break-all rounded bg-zinc-100 px-1 text-xs dark:bg-zinc-800"
            aria-label={`${row.name} webhook URL`}
          >
            {row.url}
          </code>{" "}
          <span className="text-xs text-zinc-500">(signature header {row.signature_header})</span>
        </p>
      ) : null}
      {row.setup_note ? <p className="text-xs text-zinc-600 dark:text-zinc-400">{row.setup_note}</p> : null}
      {row.pending_token_at && !revealed ? (
        <div
          role="status"
          className="flex flex-wrap items-center gap-2 rounded border border-amber-300 bg-amber-50 p-2 text-sm dark:border-amber-700 dark:bg-amber-950"
        >
          <span>
            {row.name} sent a verification token at {new Date(row.pending_token_at).toLocaleString()}. Reveal
            it to paste it at {row.name}; from then on it verifies deliveries. If {row.name} rejects it,
            remove it here: anyone could have sent it.
          </span>
          <Button onClick={() => reveal.mutate()} disabled={reveal.isPending}>
            Reveal and trust token
          </Button>
        </div>
      ) : null}
      {revealed ? (
        <div className="space-y-1 rounded border border-zinc-300 p-2 text-sm dark:border-zinc-700">
          <p className="font-medium">Shown once: copy it now.</p>
          <code
            className="block break-all rounded bg-zinc-100 px-1 font-mono text-xs dark:bg-zinc-800"
            aria-label={`${row.name} verification token`}
          >
            {revealed}
          </code>
          <Button variant="secondary" onClick={() => void navigator.clipboard?.writeText(revealed)}>
            Copy
          </Button>
        </div>
      ) : null}
      {row.secrets.length ? (
        <ul className="space-y-1 text-sm">
          {row.secrets.map((s) => (
            <li key={s.id} className="flex items-center gap-2">
              <span className="font-mono text-xs">{s.id}</span>
              <span className="text-xs text-zinc-500">added {new Date(s.created_at).toLocaleString()}</span>
              <Button variant="secondary" onClick={() => remove.mutate(s.id)} disabled={remove.isPending}>
                Remove
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      {
        <form
          className="flex gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate();
          }}
        >
          <input
            type="password"
            autoComplete="off"
            className={inputClass}
            aria-label={`${row.name} signing secret`}
            placeholder={
              clientSecret
                ? "Optional: a verify token or another signing secret"
                : publicKey
                  ? "Paste the app's public key"
                  : "Paste the provider's signing secret"
            }
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
          />
          <Button type="submit" disabled={add.isPending || secret.length < 8}>
            {row.secrets.length ? "Add (roll)" : publicKey ? "Save key" : "Save secret"}
          </Button>
        </form>
      }
      <ErrorText>{add.error?.message ?? remove.error?.message ?? reveal.error?.message}</ErrorText>
    </li>
  );
}

export function InboundWebhookSettings({ rows }: { rows: TRow[] }) {
  return (
    <section aria-labelledby="inbound-webhooks-title" className="mt-8 space-y-2">
      <h2 id="inbound-webhooks-title" className="text-base font-semibold">
        Inbound webhooks
      </h2>
      <p className="text-sm text-zinc-500">
        Paste each URL at the provider with its signing secret here. A delivery is accepted only if its
        signature verifies with one of the stored secrets; with none stored it is rejected.
      </p>
      <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
        {rows.map((r) => (
          <ProviderRow key={r.provider} row={r} />
        ))}
      </ul>
    </section>
  );
}
