import { describeAuditEntries, type TAuditNameHints } from "@/lib/audit/list-audit-entries";
import { findAuditEntries } from "@/lib/audit/repo";
import type { TAuditFilter } from "@/lib/audit/schemas";
import type { TAuthContext } from "@/lib/actor";

const MAX_ROWS = 50_000;
const CHUNK = 1_000;

/** RFC 4180 quoting; a leading =,+,-,@ is prefixed so spreadsheets do not run it as a formula. */
export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const AUDIT_CSV_HEADER = [
  "time",
  "action",
  "actor_type",
  "actor_id",
  "actor_name",
  "target_type",
  "target_id",
  "target_name",
  "metadata",
] as const;

/**
 * The caller's team's audit log as CSV (newest first), with the same filters and names as GET /api/v1/audit-log.
 * Read in keyset pages so the name look-ups stay one bounded query per kind. Metadata holds no secrets.
 */
export async function exportAuditCsv(
  ctx: TAuthContext,
  filter: TAuditFilter = {},
  hints: TAuditNameHints = {},
): Promise<string> {
  const lines: string[] = [AUDIT_CSV_HEADER.join(",")];
  let after: { createdAt: Date; id: string } | undefined;
  for (let total = 0; total < MAX_ROWS;) {
    const rows = await findAuditEntries(
      { teamId: ctx.teamId },
      { take: Math.min(CHUNK, MAX_ROWS - total), filter, after },
    );
    if (rows.length === 0) break;
    for (const e of await describeAuditEntries(ctx.teamId, rows, hints)) {
      lines.push(
        [
          e.created_at,
          e.action,
          e.actor?.type ?? "system",
          e.actor?.id ?? "",
          e.actor?.name ?? "",
          e.target?.type ?? "",
          e.target?.id ?? "",
          e.target?.name ?? "",
          e.metadata,
        ]
          .map(csvCell)
          .join(","),
      );
    }
    total += rows.length;
    const last = rows.at(-1)!;
    after = { createdAt: last.createdAt, id: last.id };
    if (rows.length < CHUNK) break;
  }
  return lines.join("\r\n") + "\r\n";
}
