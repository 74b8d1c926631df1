"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { notifySuccess } from "@/components/ui/notify";
import {
  disconnectConnectionAction,
  refreshConnectionAction,
  testConnectionAction,
} from "@/lib/connections/actions";
import { disconnectedNoticeQuery } from "@/components/connections/disconnected-notice";
import { CopyId } from "@/components/connections/copy-id";
import { HealthCard } from "@/components/connections/health-card";
import { UsageChart } from "@/components/connections/usage-chart";
import { ReconnectButton } from "@/components/connections/reconnect-button";
import { relativeTime } from "@/components/connections/relative-time";
import { RolesEditor, type TConnectionRole } from "@/components/connections/roles-editor";
import { SettingsEditor } from "@/components/connections/settings-editor";
import { StatusBadge } from "@/components/connections/status-badge";
import { StatusTimeline } from "@/components/connections/status-timeline";
import {
  connectionKey,
  unwrap,
  useConnectionDetail,
  useUpdateConnection,
  type TConnectionDetail,
} from "@/components/connections/use-connection-detail";
import { Button } from "@/components/ui/button";
import { Card, ErrorText } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import { formText } from "@/components/ui/form-text";
import { ProviderLogo } from "@/components/ui/provider-logo";

type TOutcome = { tone: "success" | "info" | "error"; text: string };

const AUTH_MODE: Record<string, string> = {
  oauth2: "OAuth",
  api_key: "API key",
  service_account: "Service account",
  basic: "Username + token",
};

function accountName(account: Record<string, unknown>): string | null {
  for (const k of ["name", "email", "login", "id"]) {
    const v = account[k];
    if (typeof v === "string" && v) return v;
  }
  return null;
}

export function ConnectionDetail({
  initial,
  provider,
  owner,
  brandName,
  roles,
  inbound,
}: {
  /** Inbound provider webhooks of the connection (components/webhooks), rendered below the details. */
  inbound?: React.ReactNode;
  initial: TConnectionDetail;
  provider: { name: string; logo: string };
  owner: string;
  brandName: string;
  roles: TConnectionRole[];
}) {
  const router = useRouter();
  const qc = useQueryClient();
  const id = initial.connection.id;
  const key = connectionKey(id);
  const detail = useConnectionDetail(initial);
  const c = detail.data.connection;
  const [outcome, setOutcomeState] = useState<TOutcome | null>(null);
  // One feedback pattern (components/ui/notify.tsx): success is a toast, an error stays inline below the actions.
  const setOutcome = (o: TOutcome | null) => {
    if (o?.tone === "success") notifySuccess(o.text);
    setOutcomeState(o?.tone === "success" ? null : o);
  };

  const label = useUpdateConnection(id, (v, ch) => (ch.label !== undefined ? { ...v, label: ch.label } : v));
  const toggle = useUpdateConnection(id, (v, ch) =>
    ch.enabled === undefined ? v : { ...v, status: ch.enabled ? "connected" : "disabled" },
  );
  const settings = useUpdateConnection(id);
  const roleSet = useUpdateConnection(id, (v, ch) =>
    ch.roles
      ? {
          ...v,
          roles: ch.roles,
          primary_roles: v.primary_roles.filter((r) => ch.roles!.includes(r as never)),
        }
      : v,
  );
  const promote = useUpdateConnection(id);

  const test = useMutation({
    mutationFn: () => unwrap(testConnectionAction({ id })),
    onMutate: () => setOutcome(null),
    onSuccess: (r) => {
      const noRefresh =
        r.warning?.code === "no_refresh_token"
          ? " Note: there is no refresh token, so reconnect when the access token expires."
          : "";
      if (r.outcome === "not_testable")
        return setOutcome({ tone: "info", text: r.note ?? `${provider.name} has no test request.` });
      setOutcome(
        r.ok
          ? {
              tone: "success",
              text: `Test passed: ${provider.name} accepted the stored credentials.${noRefresh}`,
            }
          : {
              tone: "error",
              text:
                `Test failed (${r.error?.code ?? "unknown"}): ${r.error?.message ?? "no details"}` +
                (r.status === "needs_reauth"
                  ? " Use Reconnect to sign in again; the connection keeps its id."
                  : "") +
                noRefresh,
            },
      );
    },
    onError: (e) => setOutcome({ tone: "error", text: `Could not test: ${e.message}` }),
    onSettled: () => qc.invalidateQueries({ queryKey: key }),
  });
  const refresh = useMutation({
    mutationFn: () => unwrap(refreshConnectionAction({ id })),
    onMutate: () => setOutcome(null),
    onSuccess: (view) => {
      qc.setQueryData<TConnectionDetail>(key, (old) => (old ? { ...old, connection: view } : old));
      setOutcome({
        tone: "success",
        text: view.token_expires_at
          ? `Token refreshed. The new access token expires ${relativeTime(view.token_expires_at)}.`
          : "Token refreshed.",
      });
    },
    onError: (e) => setOutcome({ tone: "error", text: `Could not refresh: ${e.message}` }),
    onSettled: () => qc.invalidateQueries({ queryKey: key }),
  });
  const disconnect = useMutation({
    mutationFn: () => unwrap(disconnectConnectionAction({ id })),
    onMutate: () => setOutcome(null),
    onSuccess: (r) =>
      router.push(
        `/connections?${disconnectedNoticeQuery({ provider: provider.name, label: c.label, revocation: r.revocation })}`,
      ),
    onError: (e) => setOutcome({ tone: "error", text: `Could not disconnect: ${e.message}` }),
  });

  const disabled = c.status === "disabled";
  const account = accountName(c.account);
  const busy = test.isPending || refresh.isPending || toggle.isPending || disconnect.isPending;

  return (
    <div className="space-y-6">
      <Link href="/connections" className="text-sm text-indigo-600 hover:underline">
        ← Connections
      </Link>

      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="flex min-w-0 items-start gap-3">
          <ProviderLogo src={provider.logo} name={provider.name} size={44} />
          <div className="min-w-0">
            <div className="flex flex-wrap items-center gap-2">
              <h1 className="text-xl font-semibold">{provider.name}</h1>
              {c.label ? (
                <span className="text-lg text-zinc-500" data-testid="connection-label">
                  · {c.label}
                </span>
              ) : null}
              <span data-testid="connection-status">
                <StatusBadge status={c.status} />
              </span>
            </div>
            <p className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-sm text-zinc-500">
              {account ? <span className="text-zinc-700 dark:text-zinc-300">{account}</span> : null}
              <span>
                Owner: <span className="text-zinc-700 dark:text-zinc-300">{owner}</span>
              </span>
              <span>
                Brand: <span className="text-zinc-700 dark:text-zinc-300">{brandName}</span>
              </span>
              <span>{AUTH_MODE[c.auth_mode] ?? c.auth_mode}</span>
            </p>
            <p className="mt-1">
              <CopyId id={c.id} />
            </p>
          </div>
        </div>

        <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Connection actions">
          <Button variant="secondary" disabled={busy} onClick={() => test.mutate()}>
            {test.isPending ? "Testing…" : "Test connection"}
          </Button>
          {c.auth_mode === "oauth2" ? (
            <ReconnectButton
              connectionId={id}
              providerName={provider.name}
              variant={c.status === "needs_reauth" || c.status === "error" ? "primary" : "secondary"}
            />
          ) : null}
          {c.auth_mode === "oauth2" ? (
            <Button variant="secondary" disabled={busy} onClick={() => refresh.mutate()}>
              {refresh.isPending ? "Refreshing…" : "Refresh now"}
            </Button>
          ) : null}
          <Button
            variant="secondary"
            disabled={busy}
            onClick={() => {
              setOutcome(null);
              toggle.mutate({ enabled: disabled });
            }}
          >
            {toggle.isPending ? "Saving…" : disabled ? "Enable" : "Disable"}
          </Button>
          <ConfirmDialog
            trigger={disconnect.isPending ? "Disconnecting…" : "Disconnect"}
            title={`Disconnect ${provider.name}?`}
            confirmLabel="Disconnect"
            pending={disconnect.isPending}
            onConfirm={() => disconnect.mutate()}
          >
            <p>
              Patchbay will revoke its access at {provider.name} and delete the stored credentials
              {c.label ? ` of “${c.label}”` : ""}. Agents and API calls using this connection stop working at
              once.
            </p>
            <p className="mt-2">This cannot be undone: to use the account again, connect it anew.</p>
          </ConfirmDialog>
        </div>
      </div>

      <div role="status" aria-live="polite" data-testid="action-status">
        {outcome?.tone === "info" ? (
          <p
            data-testid="test-not-testable"
            className="rounded-md bg-zinc-100 px-3 py-2 text-sm text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
          >
            {outcome.text}
          </p>
        ) : null}
        {disconnect.isPending ? <p className="text-sm text-zinc-500">Disconnecting…</p> : null}
      </div>
      <ErrorText>{outcome?.tone === "error" ? outcome.text : (toggle.error?.message ?? null)}</ErrorText>
      {disabled ? (
        <p className="rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 text-sm text-zinc-600 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400">
          This connection is disabled: agents and the API cannot use it, and it is not tested or refreshed.
          Enable it to use it again.
        </p>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <HealthCard connection={c} />
        <StatusTimeline events={detail.data.events} />
      </div>
      <UsageChart connectionId={c.id} />

      <Card>
        <h2 className="mb-4 font-medium">Settings</h2>
        <div className="space-y-8">
          <form
            className="flex flex-wrap items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              const value = formText(new FormData(e.currentTarget), "label").trim();
              label.mutate({ label: value || null }, { onSuccess: () => notifySuccess("Label saved.") });
            }}
          >
            <Field
              id="connection-label-input"
              name="label"
              label="Label"
              defaultValue={c.label ?? ""}
              maxLength={100}
              placeholder="e.g. EU store"
              hint="Tells this account apart from others of the same provider. Leave empty for none."
              error={label.error?.message}
              className="min-w-64 flex-1"
            />
            <div className="flex items-center gap-2 pb-5">
              <Button type="submit" disabled={label.isPending}>
                {label.isPending ? "Saving…" : "Save label"}
              </Button>
            </div>
          </form>

          <SettingsEditor
            initial={c.settings}
            pending={settings.isPending}
            error={settings.error?.message ?? null}
            onSave={(next, done) => settings.mutate({ settings: next }, { onSuccess: done })}
          />

          <RolesEditor
            roles={roles}
            assigned={c.roles}
            primary={c.primary_roles}
            brandName={brandName}
            pendingRole={promote.isPending ? (promote.variables?.promote_to_primary ?? null) : null}
            error={roleSet.error?.message ?? promote.error?.message ?? null}
            onToggle={(role, on) =>
              roleSet.mutate({ roles: roles.filter((r) => (r === role ? on : c.roles.includes(r))) })
            }
            onPromote={(role) => promote.mutate({ promote_to_primary: role })}
          />
        </div>
      </Card>
      {inbound}
    </div>
  );
}
