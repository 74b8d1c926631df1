"use client";

// The team's usage tier. Everyone sees it read-only (GET /api/v1/usage); an instance superuser also edits the
// tiers themselves (GET/PATCH /api/v1/tiers) and picks this team's tier (PATCH /api/v1/teams/{id}/tier).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, ErrorText } from "@/components/ui/card";
import { fieldErrors } from "@/components/ui/field-errors";
import { inputClass } from "@/components/ui/field";

type TTier = {
  id: string;
  name: string;
  api_rpm: number | null;
  monthly_proxy_calls: number | null;
  max_accounts: number | null;
};
type TError = { message: string; details?: unknown };

async function send<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, {
    credentials: "same-origin",
    ...init,
    headers: init?.body ? { "content-type": "application/json" } : undefined,
  });
  const body = (await res.json().catch(() => null)) as (T & { error?: TError }) | null;
  if (!res.ok || !body || body.error)
    throw Object.assign(new Error(body?.error?.message ?? `Failed (${res.status})`), body?.error);
  return body;
}

const limitText = (n: number | null, unit: string) =>
  n === null ? "unlimited" : `${n.toLocaleString("en-US")} ${unit}`;

export function TierSettings({ teamId, superuser }: { teamId: string; superuser: boolean }) {
  const usage = useQuery({ queryKey: ["usage"], queryFn: () => send<{ tier: TTier }>("/api/v1/usage") });
  const tier = usage.data?.tier;
  return (
    <Card>
      <h2 className="mb-1 font-medium">Usage tier</h2>
      <p className="mb-3 text-sm text-zinc-500">
        Limits that come with the team&apos;s tier. Only an instance superuser changes them; see Usage for how
        much is used.
      </p>
      {usage.isPending ? (
        <p className="text-sm text-zinc-500">Loading…</p>
      ) : usage.isError ? (
        <ErrorText>{usage.error.message}</ErrorText>
      ) : tier ? (
        <dl className="grid gap-3 text-sm sm:grid-cols-4" data-testid="team-tier">
          <div>
            <dt className="text-zinc-500">Tier</dt>
            <dd className="font-medium">{tier.name}</dd>
          </div>
          <div>
            <dt className="text-zinc-500">API rate limit</dt>
            <dd>{limitText(tier.api_rpm, "calls/min")}</dd>
          </div>
          <div>
            <dt className="text-zinc-500">Proxied calls</dt>
            <dd>{limitText(tier.monthly_proxy_calls, "a month")}</dd>
          </div>
          <div>
            <dt className="text-zinc-500">Connected accounts</dt>
            <dd>{limitText(tier.max_accounts, "at most")}</dd>
          </div>
        </dl>
      ) : null}
      {superuser && tier ? <SuperuserTiers teamId={teamId} current={tier.id} /> : null}
    </Card>
  );
}

function SuperuserTiers({ teamId, current }: { teamId: string; current: string }) {
  const qc = useQueryClient();
  const tiers = useQuery({
    queryKey: ["tiers"],
    queryFn: () => send<{ data: (TTier & { teams: number })[] }>("/api/v1/tiers"),
  });
  const [picked, setPicked] = useState(current);
  const assign = useMutation({
    mutationFn: (tierId: string) =>
      send(`/api/v1/teams/${encodeURIComponent(teamId)}/tier`, {
        method: "PATCH",
        body: JSON.stringify({ tier_id: tierId }),
      }),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: ["usage"] }),
        qc.invalidateQueries({ queryKey: ["tiers"] }),
      ]),
  });
  return (
    <div className="mt-5 border-t border-zinc-200 pt-4 dark:border-zinc-800" data-testid="superuser-tiers">
      <h3 className="text-sm font-medium">Instance superuser</h3>
      {tiers.isPending ? (
        <p className="text-sm text-zinc-500">Loading tiers…</p>
      ) : tiers.isError ? (
        <ErrorText>{tiers.error.message}</ErrorText>
      ) : (
        <>
          <form
            className="mt-2 flex flex-wrap items-end gap-3"
            onSubmit={(e) => {
              e.preventDefault();
              assign.mutate(picked);
            }}
          >
            <div className="space-y-1">
              <label htmlFor="team-tier-select" className="block text-sm">
                This team&apos;s tier
              </label>
              <select
                id="team-tier-select"
                className={inputClass}
                value={picked}
                onChange={(e) => setPicked(e.target.value)}
              >
                {tiers.data.data.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name} ({t.id})
                  </option>
                ))}
              </select>
            </div>
            <Button type="submit" variant="secondary" disabled={assign.isPending || picked === current}>
              {assign.isPending ? "Saving…" : "Assign tier"}
            </Button>
            {assign.isSuccess ? (
              <span className="text-sm text-emerald-600" role="status">
                Tier assigned
              </span>
            ) : null}
          </form>
          <ErrorText>{assign.error?.message}</ErrorText>
          <table className="mt-4 w-full text-sm">
            <caption className="mb-1 text-left text-xs text-zinc-500">
              Tiers of this instance. Leave a limit empty for unlimited; changes apply on every instance
              within 2 s.
            </caption>
            <thead className="text-left text-xs uppercase text-zinc-500">
              <tr>
                <th className="py-1 pr-2 font-medium">Name</th>
                <th className="py-1 pr-2 font-medium">API calls/min</th>
                <th className="py-1 pr-2 font-medium">Proxied calls/month</th>
                <th className="py-1 pr-2 font-medium">Accounts</th>
                <th className="py-1 pr-2 font-medium">Teams</th>
                <th className="py-1 font-medium">
                  <span className="sr-only">Save</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {tiers.data.data.map((t) => (
                // keyed by id only: a row re-mounted by the refetch after its own save would lose its "Saved"
                <TierRow key={t.id} tier={t} />
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

const toLimit = (v: FormDataEntryValue | null): number | null => {
  const s = typeof v === "string" ? v.trim() : "";
  return s === "" ? null : Number(s);
};

function TierRow({ tier }: { tier: TTier & { teams: number } }) {
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: (input: Omit<TTier, "id">) =>
      send(`/api/v1/tiers/${encodeURIComponent(tier.id)}`, { method: "PATCH", body: JSON.stringify(input) }),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: ["tiers"] }),
        qc.invalidateQueries({ queryKey: ["usage"] }),
      ]),
  });
  const errors = save.error ? fieldErrors(save.error as TError) : {};
  const formId = `tier-${tier.id}`;
  const cell = (name: keyof Omit<TTier, "id" | "name">, label: string) => (
    <td className="py-1.5 pr-2">
      <input
        form={formId}
        name={name}
        type="number"
        min={0}
        aria-label={`${label} (${tier.name})`}
        aria-invalid={errors[name] ? true : undefined}
        placeholder="unlimited"
        defaultValue={tier[name] ?? ""}
        className={`${inputClass} w-28`}
      />
    </td>
  );
  return (
    <tr data-testid={`tier-row-${tier.id}`}>
      <td className="py-1.5 pr-2">
        <input
          form={formId}
          name="name"
          aria-label={`Name (${tier.id})`}
          defaultValue={tier.name}
          className={`${inputClass} w-28`}
        />
      </td>
      {cell("api_rpm", "API calls per minute")}
      {cell("monthly_proxy_calls", "Proxied calls per month")}
      {cell("max_accounts", "Connected accounts")}
      <td className="py-1.5 pr-2 tabular-nums">{tier.teams}</td>
      <td className="py-1.5">
        <form
          id={formId}
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            const name = f.get("name");
            save.mutate({
              name: typeof name === "string" ? name : "",
              api_rpm: toLimit(f.get("api_rpm")),
              monthly_proxy_calls: toLimit(f.get("monthly_proxy_calls")),
              max_accounts: toLimit(f.get("max_accounts")),
            });
          }}
        >
          <Button type="submit" variant="secondary" disabled={save.isPending}>
            {save.isPending ? "Saving…" : "Save"}
          </Button>
        </form>
        {save.error ? (
          <p role="alert" className="mt-1 text-xs text-red-600">
            {Object.values(errors)[0] ?? save.error.message}
          </p>
        ) : save.isSuccess ? (
          <p role="status" className="mt-1 text-xs text-emerald-600">
            Saved
          </p>
        ) : null}
      </td>
    </tr>
  );
}
