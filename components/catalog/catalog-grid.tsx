"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import { connectWithKeyAction } from "@/lib/connections/connect-actions";
import { NotConfiguredNote } from "@/components/catalog/not-configured-note";
import { ConnectDialog, type TConnectRequest } from "@/components/catalog/connect-dialog";
import { useConnect, type TConnectState } from "@/components/catalog/use-connect";
import { Badge, EmptyState, ErrorText } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import { ProviderLogo } from "@/components/ui/provider-logo";
import { notifySuccess } from "@/components/ui/notify";
import type { TCatalogEntry } from "@/lib/tools/catalog";

async function connectWithKey(
  provider: string,
  r: Extract<TConnectRequest, { kind: "api_key" }>,
): Promise<TConnectState> {
  const res = await connectWithKeyAction({
    provider,
    ...r.credential,
    params: r.params,
    shared: r.shared,
    label: r.label,
  });
  if (res.ok) return { phase: "connected", connectionId: res.data.id };
  const issues =
    (res.error.details as { issues?: { path: string; message: string }[] } | undefined)?.issues ?? [];
  const fieldErrors = Object.fromEntries(issues.map((i) => [i.path.split(".").pop() ?? "", i.message]));
  // The provider's refusal belongs next to the key field.
  if (!issues.length && res.error.code === "validation_failed") fieldErrors.api_key = res.error.message;
  return { phase: "failed", message: res.error.message, fieldErrors };
}

// The field style without its full width: here the search box grows and the category menu keeps its size.
const INPUT_NO_WIDTH = inputClass.replace("w-full ", "");

const MODE_LABEL: Record<string, string> = {
  oauth2: "OAuth",
  api_key: "API key",
  service_account: "Service account",
  basic: "Username + token",
};

export function CatalogGrid({
  providers,
  categories,
  canShare,
  brandName,
}: {
  providers: TCatalogEntry[];
  categories: { id: string; label: string }[];
  canShare: boolean;
  brandName: string;
}) {
  const router = useRouter();
  const search = useSearchParams();
  const [q, setQ] = useState("");
  const [category, setCategory] = useState("");
  const [active, setActive] = useState<string | null>(null);
  const [keyPending, setKeyPending] = useState(false);
  // Feedback (components/ui/notify.tsx): success is a toast; a failure stays inline above the cards.
  const [error, setError] = useState<string | null>(() =>
    search.get("status") === "error"
      ? `The connection failed (${search.get("error") ?? "unknown error"}).`
      : null,
  );
  useEffect(() => {
    // Back from a full-page (popup blocked) flow: the callback put the outcome in the query.
    if (search.get("status") === "success")
      notifySuccess(`Connected ${search.get("provider") ?? ""}.`.replace(" .", "."));
  }, [search]);
  const onDone = useCallback(
    (s: TConnectState) => {
      if (s.phase === "connected") {
        setError(null);
        notifySuccess("Connected. It is listed under Connections.");
        router.refresh();
      } else if (s.phase === "failed" && !Object.keys(s.fieldErrors ?? {}).length) setError(s.message);
    },
    [router],
  );
  const { state, start, cancel, cutOff } = useConnect(onDone);
  const [keyState, setKeyState] = useState<TConnectState>({ phase: "idle" });

  const shown = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return providers.filter(
      (p) =>
        (!category || p.category === category) &&
        (!needle ||
          [p.name, p.slug, p.description, ...p.tools.map((t) => t.name)].some((s) =>
            s.toLowerCase().includes(needle),
          )),
    );
  }, [providers, q, category]);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap gap-2">
        <input
          type="search"
          aria-label="Search providers"
          placeholder={`Search ${providers.length} providers, e.g. Shopify or orders`}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          className={`${INPUT_NO_WIDTH} min-w-64 flex-1`}
        />
        <select
          aria-label="Category"
          value={category}
          onChange={(e) => setCategory(e.target.value)}
          className={`${INPUT_NO_WIDTH} w-56`}
        >
          <option value="">All categories</option>
          {categories.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
      <ErrorText>{error}</ErrorText>
      {state.phase === "waiting" ? (
        <p role="status" className="flex items-center gap-2 text-sm text-zinc-500">
          {cutOff
            ? "Still waiting: finish at the provider in the other window (it can no longer report back here)."
            : "Waiting for you to finish in the other window…"}
          <button type="button" className="underline hover:text-zinc-800 dark:hover:text-zinc-200" onClick={cancel}>
            Cancel
          </button>
        </p>
      ) : null}
      {shown.length === 0 ? (
        <EmptyState title="No provider matches">Try another search or category.</EmptyState>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {shown.map((p) => (
            <li
              key={p.slug}
              data-testid={`provider-${p.slug}`}
              className="flex flex-col gap-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
            >
              <div className="flex items-start gap-3">
                <ProviderLogo src={p.logo} name={p.name} />
                <div className="min-w-0 flex-1">
                  <p className="font-medium">
                    {p.name}
                    {p.slug === "sandbox" ? (
                      <span className="ml-2 align-middle">
                        <Badge tone="indigo">Try it first</Badge>
                      </span>
                    ) : null}
                  </p>
                  <p className="text-xs text-zinc-500">{p.category_label}</p>
                </div>
                {p.connectable ? null : <Badge tone="amber">Not configured</Badge>}
              </div>
              <p className="text-sm text-zinc-600 dark:text-zinc-400">{p.description}</p>
              {p.tools.length > 0 ? (
                <p className="text-xs text-zinc-500">
                  <span className="font-medium text-zinc-700 dark:text-zinc-300">Tools: </span>
                  {p.tools.map((t) => t.name.slice(t.name.indexOf(".") + 1)).join(", ")}
                </p>
              ) : null}
              {!p.connectable ? (
                <p className="text-xs text-amber-700 dark:text-amber-400">
                  An admin must add this provider&apos;s OAuth app under Providers.
                </p>
              ) : null}
              <div className="mt-auto flex items-center justify-between gap-2">
                <div className="flex flex-wrap gap-1">
                  {p.auth_modes.map((m) => (
                    <Badge key={m}>{MODE_LABEL[m] ?? m}</Badge>
                  ))}
                </div>
                <ConnectDialog
                  provider={p}
                  canShare={canShare}
                  brandName={brandName}
                  state={
                    active === p.slug ? (keyState.phase !== "idle" ? keyState : state) : { phase: "idle" }
                  }
                  pending={keyPending && active === p.slug}
                  onSubmit={(r) => {
                    setActive(p.slug);
                    if (r.kind === "oauth2") {
                      start({ provider: p.slug, params: r.params, shared: r.shared, label: r.label });
                      return;
                    }
                    setKeyPending(true);
                    void connectWithKey(p.slug, r).then((s) => {
                      setKeyPending(false);
                      setKeyState(s);
                      onDone(s);
                    });
                  }}
                />
              </div>
              {!p.connectable ? <NotConfiguredNote slug={p.slug} name={p.name} admin={canShare} /> : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
