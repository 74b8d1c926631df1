import Link from "next/link";
import { EmptyState } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { inputClass } from "@/components/ui/field";
import type { TAuditEntryView, TAuditSubject } from "@/lib/audit/list-audit-entries";

export const AUDIT_TARGET_TYPES = [
  "connection",
  "brand",
  "member",
  "invite",
  "api_key",
  "provider",
  "team",
  "user",
] as const;

export type TAuditFilterValues = {
  actor?: string;
  action?: string;
  target_type?: string;
  target_id?: string;
  since?: string;
  until?: string;
};

const labelClass = "block text-xs font-medium text-zinc-600 dark:text-zinc-400";

/** A plain GET form: the filters live in the URL, so a filtered view can be bookmarked and shared. */
export function AuditFilters({
  values,
  actors,
  actions,
}: {
  values: TAuditFilterValues;
  actors: { value: string; label: string }[];
  actions: string[];
}) {
  const kinds = [...new Set(actions.map((a) => a.split(".")[0]!))];
  return (
    <form
      method="get"
      action="/audit-log"
      aria-label="Filter the audit log"
      className="mb-4 grid grid-cols-2 gap-3 rounded-lg border border-zinc-200 bg-white p-4 md:grid-cols-6 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="space-y-1 md:col-span-2">
        <label htmlFor="audit-actor" className={labelClass}>
          Actor
        </label>
        <select id="audit-actor" name="actor" defaultValue={values.actor ?? ""} className={inputClass}>
          <option value="">Anyone</option>
          {actors.map((a) => (
            <option key={a.value} value={a.value}>
              {a.label}
            </option>
          ))}
          <option value="system">System (no actor)</option>
        </select>
      </div>
      <div className="space-y-1 md:col-span-2">
        <label htmlFor="audit-action" className={labelClass}>
          Action
        </label>
        <select id="audit-action" name="action" defaultValue={values.action ?? ""} className={inputClass}>
          <option value="">Any action</option>
          {kinds.map((k) => (
            <optgroup key={k} label={k}>
              <option value={`${k}.`}>Every {k} action</option>
              {actions
                .filter((a) => a.startsWith(`${k}.`))
                .map((a) => (
                  <option key={a} value={a}>
                    {a}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </div>
      <div className="space-y-1 md:col-span-2">
        <label htmlFor="audit-target-type" className={labelClass}>
          Target
        </label>
        <select
          id="audit-target-type"
          name="target_type"
          defaultValue={values.target_type ?? ""}
          className={inputClass}
        >
          <option value="">Any target</option>
          {AUDIT_TARGET_TYPES.map((t) => (
            <option key={t} value={t}>
              {t.replace("_", " ")}
            </option>
          ))}
        </select>
      </div>
      <div className="space-y-1 md:col-span-2">
        <label htmlFor="audit-target-id" className={labelClass}>
          Target id (optional)
        </label>
        <input
          id="audit-target-id"
          name="target_id"
          defaultValue={values.target_id ?? ""}
          placeholder="e.g. a connection id"
          className={inputClass}
        />
      </div>
      <div className="space-y-1">
        <label htmlFor="audit-since" className={labelClass}>
          From (UTC)
        </label>
        <input
          id="audit-since"
          type="date"
          name="since"
          defaultValue={values.since ?? ""}
          className={inputClass}
        />
      </div>
      <div className="space-y-1">
        <label htmlFor="audit-until" className={labelClass}>
          To (UTC)
        </label>
        <input
          id="audit-until"
          type="date"
          name="until"
          defaultValue={values.until ?? ""}
          className={inputClass}
        />
      </div>
      <div className="col-span-2 flex items-end gap-3">
        <button
          type="submit"
          className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500"
        >
          Apply filters
        </button>
        <Link
          href="/audit-log"
          className="py-1.5 text-sm text-indigo-700 hover:underline dark:text-indigo-400"
        >
          Clear
        </Link>
      </div>
    </form>
  );
}

function Subject({ s }: { s: TAuditSubject }) {
  return (
    <span
      className={s.exists ? undefined : "italic text-zinc-500"}
      title={s.id ? `${s.type} ${s.id}` : s.type}
    >
      {s.name}
    </span>
  );
}

export function AuditTable({ entries, filtered }: { entries: TAuditEntryView[]; filtered: boolean }) {
  if (entries.length === 0) {
    return filtered ? (
      <EmptyState title="No entries match these filters">Widen the time range or clear a filter.</EmptyState>
    ) : (
      <EmptyState title="Nothing recorded yet">
        Changes to brands, members, connections and API keys appear here.
      </EmptyState>
    );
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table className="w-full text-sm">
        <caption className="sr-only">Audit log entries, newest first</caption>
        <thead className="border-b border-zinc-200 text-left text-xs uppercase text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
          <tr>
            <th scope="col" className="px-4 py-2">
              When
            </th>
            <th scope="col" className="px-2 py-2">
              Action
            </th>
            <th scope="col" className="px-2 py-2">
              Actor
            </th>
            <th scope="col" className="px-2 py-2">
              Target
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {entries.map((e) => (
            <tr key={e.id} data-testid="audit-row">
              <td className="whitespace-nowrap px-4 py-2 text-xs">
                <DateTime iso={e.created_at} />
              </td>
              <td className="px-2 py-2 font-mono text-xs">{e.action}</td>
              <td className="px-2 py-2 text-xs" data-testid="audit-actor">
                {e.actor ? <Subject s={e.actor} /> : <span className="text-zinc-500">System</span>}
              </td>
              <td className="px-2 py-2 text-xs" data-testid="audit-target">
                {e.target ? (
                  <>
                    <span className="text-zinc-500">{e.target.type.replace("_", " ")} </span>
                    {e.target.type === "connection" && e.target.exists && e.target.id ? (
                      <Link
                        className="text-indigo-700 hover:underline dark:text-indigo-400"
                        href={`/connections/${e.target.id}`}
                      >
                        {e.target.name}
                      </Link>
                    ) : (
                      <Subject s={e.target} />
                    )}
                  </>
                ) : (
                  "—"
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
