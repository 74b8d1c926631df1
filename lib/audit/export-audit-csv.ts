import { findAuditEntries } from "@/lib/audit/repo";
import type { TAuthContext } from "@/lib/actor";

const MAX_ROWS = 50_000;

/** RFC 4180 quoting; a leading =,+,-,@ is prefixed so spreadsheets do not run it as a formula. */
export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The whole audit log of the caller's team as CSV (newest first). Metadata holds no secrets by construction. */
export async function exportAuditCsv(ctx: TAuthContext): Promise<string> {
  const rows = await findAuditEntries({ teamId: ctx.teamId }, { take: MAX_ROWS });
  const lines = [
    ["time", "action", "actor_type", "actor_id", "target_type", "target_id", "metadata"].join(","),
  ];
  for (const r of rows) {
    const actor = r.actorUserId
      ? ["user", r.actorUserId]
      : r.actorKeyId
        ? ["api_key", r.actorKeyId]
        : ["system", ""];
    lines.push(
      [r.createdAt.toISOString(), r.action, ...actor, r.targetType, r.targetId, r.metadata]
        .map(csvCell)
        .join(","),
    );
  }
  return lines.join("\r\n") + "\r\n";
}
