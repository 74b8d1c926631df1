"use client";

import { Button } from "@/components/ui/button";
import { Badge, ErrorText } from "@/components/ui/card";
import type { TUpdateConnectionInput } from "@/lib/connections/manage-connection";

export type TConnectionRole = NonNullable<TUpdateConnectionInput["roles"]>[number];

const ROLE_TEXT: Record<TConnectionRole, { name: string; hint: string }> = {
  source: { name: "Source", hint: "Agents read data from this account." },
  sink: { name: "Sink", hint: "Agents write data to this account." },
  primary_data_source: {
    name: "Primary data source",
    hint: "The system of record agents consult first.",
  },
  crm_sink: { name: "CRM sink", hint: "Where agents record contacts, leads and deals." },
};

/**
 * What downstream agents may use this connection for. "Primary" picks this connection for a role across the
 * brand; the previous primary loses it.
 */
export function RolesEditor({
  roles,
  assigned,
  primary,
  brandName,
  pendingRole,
  error,
  onToggle,
  onPromote,
}: {
  roles: TConnectionRole[];
  assigned: string[];
  primary: string[];
  brandName: string;
  pendingRole: string | null;
  error: string | null;
  onToggle: (role: TConnectionRole, on: boolean) => void;
  onPromote: (role: TConnectionRole) => void;
}) {
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium">Roles</legend>
      <p className="text-xs text-zinc-500">
        What agents may use this connection for. When several connections in {brandName} share a role, agents
        pick the primary one.
      </p>
      <ul className="divide-y divide-zinc-100 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
        {roles.map((role) => {
          const text = ROLE_TEXT[role];
          const checked = assigned.includes(role);
          const isPrimary = primary.includes(role);
          const id = `role-${role}`;
          return (
            <li
              key={role}
              className="flex flex-wrap items-center gap-3 px-3 py-2"
              data-testid={`role-${role}`}
            >
              <input
                // Uncontrolled so the tick shows at once (before the optimistic update lands); remounted whenever
                // the saved value changes, so a rolled-back change shows the server's value again.
                key={`${role}-${String(checked)}`}
                id={id}
                type="checkbox"
                defaultChecked={checked}
                onChange={(e) => onToggle(role, e.target.checked)}
                aria-describedby={`${id}-hint`}
                className="h-4 w-4"
              />
              <div className="min-w-0 flex-1">
                <label htmlFor={id} className="text-sm font-medium">
                  {text.name}
                </label>{" "}
                <code className="text-xs text-zinc-500">{role}</code>
                <p id={`${id}-hint`} className="text-xs text-zinc-500">
                  {text.hint}
                </p>
              </div>
              {isPrimary ? (
                <Badge tone="indigo">
                  <span aria-hidden>★&nbsp;</span>Primary<span className="sr-only"> for {text.name}</span>
                </Badge>
              ) : (
                <Button
                  variant="secondary"
                  className="px-2 py-1 text-xs"
                  disabled={pendingRole !== null}
                  onClick={() => onPromote(role)}
                >
                  {pendingRole === role ? "Saving…" : "Make primary"}
                  <span className="sr-only"> for {text.name}</span>
                </Button>
              )}
            </li>
          );
        })}
      </ul>
      <ErrorText>{error}</ErrorText>
    </fieldset>
  );
}
