"use client";

import { useId, useState } from "react";
import { notifySuccess } from "@/components/ui/notify";
import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import { cn } from "@/components/ui/cn";

type TValue = string | number | boolean | null | string[];
type TKind = "text" | "list" | "number" | "boolean";
type TRow = { uid: number; key: string; kind: TKind; value: string };

const KEY_RE = /^[A-Za-z][A-Za-z0-9_.-]*$/;
const MAX_SETTINGS = 30;

function toRow(uid: number, key: string, v: unknown): TRow {
  if (Array.isArray(v)) return { uid, key, kind: "list", value: v.map(String).join(", ") };
  if (typeof v === "number") return { uid, key, kind: "number", value: String(v) };
  if (typeof v === "boolean") return { uid, key, kind: "boolean", value: String(v) };
  if (typeof v === "string") return { uid, key, kind: "text", value: v };
  return { uid, key, kind: "text", value: v == null ? "" : JSON.stringify(v) };
}

function toValue(r: TRow): TValue {
  if (r.kind === "list")
    return r.value
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  if (r.kind === "number") return Number(r.value);
  if (r.kind === "boolean") return r.value === "true";
  return r.value;
}

function rowError(r: TRow, rows: TRow[]): string | null {
  const key = r.key.trim();
  if (!key) return "Give the setting a name.";
  if (key.length > 64 || !KEY_RE.test(key))
    return "Names start with a letter and use letters, digits, _ . or - (at most 64).";
  if (rows.some((o) => o.uid !== r.uid && o.key.trim() === key)) return "This name is used twice.";
  if (r.kind === "number" && (r.value.trim() === "" || !Number.isFinite(Number(r.value))))
    return "Enter a number.";
  if (r.kind === "text" && r.value.length > 1000) return "At most 1000 characters.";
  return null;
}

/**
 * Per-connector settings (sender alias, default labels, ad account id …) as key/value rows. Settings are not
 * secret: never put a password or token here.
 */
export function SettingsEditor({
  initial,
  pending,
  error,
  onSave,
}: {
  initial: Record<string, unknown>;
  pending: boolean;
  error: string | null;
  onSave: (settings: Record<string, TValue>, done: () => void) => void;
}) {
  const base = useId();
  const [rows, setRows] = useState<TRow[]>(() => Object.entries(initial).map(([k, v], i) => toRow(i, k, v)));
  const [nextUid, setNextUid] = useState(rows.length);
  const [added, setAdded] = useState<number | null>(null);
  const [showErrors, setShowErrors] = useState(false);
  const change = (uid: number, patch: Partial<TRow>) => {
    setRows((rs) => rs.map((r) => (r.uid === uid ? { ...r, ...patch } : r)));
  };
  const errors = new Map(rows.map((r) => [r.uid, rowError(r, rows)]));
  const invalid = [...errors.values()].some(Boolean);

  return (
    <form
      aria-labelledby={`${base}-title`}
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        setShowErrors(true);
        if (invalid) return;
        onSave(Object.fromEntries(rows.map((r) => [r.key.trim(), toValue(r)])), () =>
          notifySuccess("Settings saved."),
        );
      }}
    >
      <div>
        <h3 id={`${base}-title`} className="text-sm font-medium">
          Connector settings
        </h3>
        <p className="text-xs text-zinc-500">
          Options agents use with this account, e.g. <code>sender_alias</code>, <code>default_labels</code> or{" "}
          <code>ad_account_id</code>. Not for secrets.
        </p>
      </div>
      {rows.length === 0 ? (
        <p className="rounded-md border border-dashed border-zinc-300 px-3 py-4 text-center text-sm text-zinc-500 dark:border-zinc-700">
          No settings yet. Add one below.
        </p>
      ) : (
        <div className="space-y-2">
          <div
            aria-hidden
            className="hidden grid-cols-[minmax(0,1fr)_7.5rem_minmax(0,1.5fr)_auto] gap-2 text-xs font-medium uppercase text-zinc-500 sm:grid"
          >
            <span>Name</span>
            <span>Type</span>
            <span>Value</span>
            <span className="w-16" />
          </div>
          {rows.map((r, i) => {
            const n = i + 1;
            const id = `${base}-${r.uid}`;
            const err = showErrors ? errors.get(r.uid) : null;
            return (
              <div key={r.uid} data-testid="setting-row">
                <div className="grid gap-2 sm:grid-cols-[minmax(0,1fr)_7.5rem_minmax(0,1.5fr)_auto]">
                  <label htmlFor={`${id}-key`} className="sr-only">
                    Setting {n} name
                  </label>
                  <input
                    id={`${id}-key`}
                    value={r.key}
                    // A row added from the keyboard gets focus, so typing can start at once.
                    autoFocus={r.uid === added}
                    placeholder="sender_alias"
                    onChange={(e) => change(r.uid, { key: e.target.value })}
                    aria-invalid={err ? true : undefined}
                    aria-describedby={err ? `${id}-error` : undefined}
                    className={cn(inputClass, "font-mono", err && "border-red-500")}
                  />
                  <label htmlFor={`${id}-kind`} className="sr-only">
                    Setting {n} type
                  </label>
                  <select
                    id={`${id}-kind`}
                    value={r.kind}
                    onChange={(e) =>
                      change(r.uid, {
                        kind: e.target.value as TKind,
                        ...(e.target.value === "boolean"
                          ? { value: r.value === "true" ? "true" : "false" }
                          : {}),
                      })
                    }
                    className={inputClass}
                  >
                    <option value="text">Text</option>
                    <option value="list">List</option>
                    <option value="number">Number</option>
                    <option value="boolean">Yes / no</option>
                  </select>
                  <label htmlFor={`${id}-value`} className="sr-only">
                    Setting {n} value
                  </label>
                  {r.kind === "boolean" ? (
                    <select
                      id={`${id}-value`}
                      value={r.value}
                      onChange={(e) => change(r.uid, { value: e.target.value })}
                      className={inputClass}
                    >
                      <option value="true">Yes (true)</option>
                      <option value="false">No (false)</option>
                    </select>
                  ) : (
                    <input
                      id={`${id}-value`}
                      value={r.value}
                      inputMode={r.kind === "number" ? "decimal" : undefined}
                      placeholder={r.kind === "list" ? "Comma-separated, e.g. inbox, leads" : ""}
                      onChange={(e) => change(r.uid, { value: e.target.value })}
                      className={inputClass}
                    />
                  )}
                  <Button
                    variant="ghost"
                    className="w-16"
                    onClick={() => {
                      setRows((rs) => rs.filter((o) => o.uid !== r.uid));
                    }}
                  >
                    Remove<span className="sr-only"> setting {n}</span>
                  </Button>
                </div>
                {err ? (
                  <p id={`${id}-error`} className="mt-1 text-xs text-red-600 dark:text-red-400">
                    {err}
                  </p>
                ) : null}
              </div>
            );
          })}
        </div>
      )}
      <ErrorText>{error}</ErrorText>
      <div className="flex flex-wrap items-center gap-2">
        <Button
          variant="secondary"
          disabled={rows.length >= MAX_SETTINGS}
          onClick={() => {
            setRows((rs) => [...rs, { uid: nextUid, key: "", kind: "text", value: "" }]);
            setAdded(nextUid);
            setNextUid((u) => u + 1);
          }}
        >
          Add setting
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save settings"}
        </Button>
        {rows.length >= MAX_SETTINGS ? (
          <span className="text-xs text-zinc-500">At most {MAX_SETTINGS} settings.</span>
        ) : null}
      </div>
    </form>
  );
}
