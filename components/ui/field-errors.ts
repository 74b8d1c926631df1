/** Maps a validation error's details (issues with dotted paths) to { field: message } for inline display. */
export function fieldErrors(error: { details?: unknown }): Record<string, string> {
  const issues =
    (error.details as { issues?: { path: string; message: string }[] } | undefined)?.issues ?? [];
  const out: Record<string, string> = {};
  for (const i of issues) {
    // "body.scopes.0" belongs to the scopes field: skip array indexes.
    const key = i.path.split(".").filter((p) => !/^\d+$/.test(p)).pop() ?? "";
    out[key] ??= i.message;
  }
  const field = (error.details as { field?: string } | undefined)?.field;
  return field ? { ...out, [field]: out[field] ?? "" } : out;
}
