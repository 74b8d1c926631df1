/** Maps a validation error's details (issues with dotted paths) to { field: message } for inline display. */
export function fieldErrors(error: { details?: unknown }): Record<string, string> {
  const issues =
    (error.details as { issues?: { path: string; message: string }[] } | undefined)?.issues ?? [];
  const out: Record<string, string> = {};
  for (const i of issues) {
    const key = i.path.split(".").pop() ?? "";
    out[key] ??= i.message;
  }
  const field = (error.details as { field?: string } | undefined)?.field;
  return field ? { ...out, [field]: out[field] ?? "" } : out;
}
