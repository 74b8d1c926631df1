/** The string-valued entries of a JSON column (params, settings) — anything else is dropped. */
export function stringRecord(v: unknown): Record<string, string> {
  return Object.fromEntries(
    Object.entries(v && typeof v === "object" ? v : {}).filter(
      (e): e is [string, string] => typeof e[1] === "string",
    ),
  );
}
