"use client";

// "Tools" on a connection's page: the tools this connection enables (GET /api/v1/tools?connection_id=…), each
// runnable with a form generated from its input schema; the result as a summary, a table, and a chart for a
// dated series. Colour is never the only signal: the chart has a legend and the same numbers are in the table.
import { useId, useState, useTransition, type FormEvent } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Button } from "@/components/ui/button";
import { Badge, Card, EmptyState, ErrorText } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import { runToolAction } from "@/lib/tools/actions";
import type { TToolView } from "@/lib/tools/list-tools";
import type { TToolRunResult } from "@/lib/tools/run-tool";
import { formFields, inputFrom, viewOf, type TFormField, type TScalar } from "./tool-result-view";

const COLORS = ["#4f46e5", "#16a34a", "#d97706", "#dc2626", "#0891b2"];

const ACRONYMS = new Set(["mrr", "arr", "arpu", "ltv", "id", "roas", "ctr", "cpc", "csat"]);
const label = (name: string) =>
  name
    .split("_")
    .map((w) => (ACRONYMS.has(w) ? w.toUpperCase() : w))
    .join(" ")
    .replace(/^./, (c) => c.toUpperCase());
const show = (v: TScalar) =>
  v === null ? "—" : typeof v === "number" ? v.toLocaleString("en", { maximumFractionDigits: 4 }) : String(v);

export function ConnectionTools({ connectionId, tools }: { connectionId: string; tools: TToolView[] }) {
  return (
    <Card>
      <h2 className="mb-1 font-medium">Tools</h2>
      <p className="mb-3 text-sm text-zinc-500">
        Typed actions this connection enables, for agents (REST{" "}
        <code>
          POST /api/v1/connections/{"{id}"}/tools/{"{name}"}
        </code>{" "}
        and MCP) — run one here to see what it returns.
      </p>
      {tools.length === 0 ? (
        <EmptyState title="No tools for this provider yet">
          Use the API console below (or the proxy) to call its API directly.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" aria-label="Tools">
          {tools.map((t) => (
            <li key={t.name} className="py-2">
              <ToolRow connectionId={connectionId} tool={t} />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function ToolRow({ connectionId, tool }: { connectionId: string; tool: TToolView }) {
  const fields = formFields(tool.input_schema);
  const [result, setResult] = useState<TToolRunResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const formId = useId();
  const missing = tool.connection?.missing_scopes ?? [];

  const run = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const values: Record<string, string | boolean> = {};
    for (const f of fields) {
      const v = form.get(f.name);
      values[f.name] = f.kind === "checkbox" ? v === "on" : typeof v === "string" ? v : "";
    }
    start(async () => {
      const res = await runToolAction({
        id: connectionId,
        name: tool.name,
        input: inputFrom(fields, values),
      });
      if (res.ok) {
        setResult(res.data);
        setError(null);
      } else {
        setResult(null);
        const issues = (res.error.details as { issues?: { path: string; message: string }[] } | undefined)
          ?.issues;
        setError(
          issues?.length
            ? `${res.error.message} ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`
            : res.error.message,
        );
      }
    });
  };

  return (
    <details className="group" data-testid={`tool-${tool.name}`}>
      <summary className="flex cursor-pointer flex-wrap items-center gap-2 rounded py-1 focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-500">
        <span className="font-medium">{tool.title}</span>
        <code className="text-xs text-zinc-500">{tool.name}</code>
        {tool.access === "write" ? <Badge tone="amber">Writes</Badge> : <Badge>Read</Badge>}
        {missing.length > 0 ? <Badge tone="red">Missing scope</Badge> : null}
      </summary>
      <div className="mt-2 space-y-3 pl-1">
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{tool.description}</p>
        {missing.length > 0 ? (
          <p className="text-sm text-amber-700 dark:text-amber-400">
            This connection was not granted {missing.join(", ")}; reconnect it asking for{" "}
            {missing.length > 1 ? "them" : "it"}.
          </p>
        ) : null}
        <form onSubmit={run} className="flex flex-wrap items-end gap-3" aria-label={`Run ${tool.title}`}>
          {fields.map((f) => (
            <FormField key={f.name} field={f} id={`${formId}-${f.name}`} />
          ))}
          <Button type="submit" disabled={pending}>
            {pending ? "Running…" : "Run"}
          </Button>
        </form>
        <ErrorText>{error}</ErrorText>
        {result ? <ToolResult result={result} /> : null}
      </div>
    </details>
  );
}

function FormField({ field: f, id }: { field: TFormField; id: string }) {
  const common = { id, name: f.name, "aria-describedby": f.description ? `${id}-hint` : undefined };
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-xs font-medium">
        {label(f.name)}
      </label>
      {f.kind === "select" ? (
        <select {...common} defaultValue={f.defaultValue ?? ""} className={inputClass}>
          {f.defaultValue === undefined ? <option value="">(any)</option> : null}
          {f.options?.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      ) : f.kind === "checkbox" ? (
        <input {...common} type="checkbox" defaultChecked={f.defaultValue === "true"} />
      ) : (
        <input
          {...common}
          type={f.kind === "number" ? "number" : "text"}
          defaultValue={f.defaultValue}
          placeholder={f.placeholder}
          required={f.required}
          className={`${inputClass} w-44`}
        />
      )}
      {f.description ? (
        <p id={`${id}-hint`} className="max-w-44 text-xs text-zinc-500">
          {f.description}
        </p>
      ) : null}
    </div>
  );
}

function ToolResult({ result }: { result: TToolRunResult }) {
  const view = viewOf(result.data);
  return (
    <div className="space-y-3" data-testid="tool-result">
      <p className="text-xs text-zinc-500">
        {result.meta.requests} request{result.meta.requests === 1 ? "" : "s"} · {result.meta.pages} page
        {result.meta.pages === 1 ? "" : "s"} · {result.meta.ms} ms
        {result.partial ? (
          <span className="ml-2">
            <Badge tone="amber">Partial: {result.partial.reason.replace(/_/g, " ")}</Badge>
          </span>
        ) : null}
      </p>
      {view.summary.length > 0 ? (
        <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4" data-testid="tool-summary">
          {view.summary.map(([k, v]) => (
            <div key={k} className="rounded-md bg-zinc-50 px-3 py-2 dark:bg-zinc-950">
              <dt className="text-xs text-zinc-500">{label(k)}</dt>
              <dd className="font-medium tabular-nums">{show(v)}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {view.series ? (
        <div
          className="h-56"
          role="img"
          aria-label={`${label(view.series.key)} over time (the numbers are in the table)`}
        >
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={view.series.points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e4e4e7" />
              <XAxis dataKey={view.series.x} fontSize={11} />
              <YAxis fontSize={11} width={56} />
              <Tooltip />
              <Legend />
              {view.series.lines.map((l, i) => (
                <Line
                  key={l}
                  type="monotone"
                  dataKey={l}
                  name={label(l)}
                  stroke={COLORS[i % COLORS.length]}
                  dot
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
      ) : null}
      {view.table ? (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="tool-table">
            <caption className="mb-1 text-left text-xs text-zinc-500">
              {label(view.table.key)}
              {view.table.total > view.table.rows.length
                ? ` — first ${view.table.rows.length} of ${view.table.total}`
                : ` (${view.table.total})`}
            </caption>
            <thead>
              <tr className="border-b border-zinc-200 text-xs text-zinc-500 dark:border-zinc-800">
                {view.table.columns.map((c) => (
                  <th key={c} scope="col" className="px-2 py-1 font-medium">
                    {label(c)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {view.table.rows.map((r, i) => (
                <tr key={i} className="border-b border-zinc-100 dark:border-zinc-800/60">
                  {view.table!.columns.map((c) => (
                    <td key={c} className="px-2 py-1 tabular-nums">
                      {show(r[c] ?? null)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
