// How a tool's output is shown: its scalar figures as a summary, its first list of records as a table, and a list
// of dated points (series: [{ date, … }]) as a chart too. Pure, so the page and its test read the same shapes.
export type TScalar = string | number | boolean | null;
export type TTableView = { key: string; columns: string[]; rows: Record<string, TScalar>[]; total: number };
export type TSeriesView = { key: string; x: string; lines: string[]; points: Record<string, TScalar>[] };
export type TResultView = {
  summary: [string, TScalar][];
  table: TTableView | null;
  series: TSeriesView | null;
};

const isScalar = (v: unknown): v is TScalar =>
  v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean";
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

export const TABLE_ROWS = 50;
/** Said once in the run line above the result, not repeated as figures. */
const NOT_FIGURES = new Set(["partial", "pages"]);

const cell = (v: unknown): TScalar =>
  isScalar(v) ? v : Array.isArray(v) ? `${v.length} item${v.length === 1 ? "" : "s"}` : JSON.stringify(v);

export function viewOf(data: unknown): TResultView {
  const out: TResultView = { summary: [], table: null, series: null };
  if (!isRecord(data)) return out;
  for (const [key, value] of Object.entries(data)) {
    if (isScalar(value)) {
      if (!NOT_FIGURES.has(key)) out.summary.push([key, value]);
      continue;
    }
    if (!Array.isArray(value) || value.length === 0 || !value.every(isRecord)) continue;
    const rows = value.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, cell(v)])));
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    const x = ["date", "day", "week", "month"].find((c) => columns.includes(c));
    if (x && !out.series) {
      const lines = columns.filter((c) => c !== x && rows.every((r) => typeof r[c] === "number"));
      if (lines.length > 0) out.series = { key, x, lines, points: rows };
    }
    out.table ??= { key, columns, rows: rows.slice(0, TABLE_ROWS), total: rows.length };
  }
  return out;
}

/** A JSON-Schema property of a tool's input, as a form field. */
export type TFormField = {
  name: string;
  kind: "select" | "number" | "checkbox" | "text";
  options?: string[];
  description?: string;
  placeholder?: string;
  defaultValue?: string;
  required: boolean;
};

export function formFields(schema: Record<string, unknown>): TFormField[] {
  const props = isRecord(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  return Object.entries(props).map(([name, raw]) => {
    const p = isRecord(raw) ? raw : {};
    const description = typeof p.description === "string" ? p.description : undefined;
    const def = p.default === undefined || !isScalar(p.default) ? undefined : String(p.default);
    const base = { name, description, defaultValue: def, required: required.has(name) && def === undefined };
    if (Array.isArray(p.enum)) return { ...base, kind: "select", options: p.enum.map(String) };
    if (p.type === "number" || p.type === "integer") return { ...base, kind: "number" };
    if (p.type === "boolean") return { ...base, kind: "checkbox" };
    const placeholder =
      p.format === "date-time"
        ? "2025-01-31T00:00:00Z"
        : name.match(/since|until|date/)
          ? "2025-01-31"
          : undefined;
    return { ...base, kind: "text", placeholder };
  });
}

/** The form's values as the tool's input: empty fields left out, numbers as numbers. */
export function inputFrom(
  fields: TFormField[],
  values: Record<string, string | boolean>,
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.name];
    if (f.kind === "checkbox") {
      if (typeof v === "boolean") input[f.name] = v;
      continue;
    }
    if (typeof v !== "string" || v.trim() === "") continue;
    input[f.name] = f.kind === "number" && Number.isFinite(Number(v)) ? Number(v) : v.trim();
  }
  return input;
}
