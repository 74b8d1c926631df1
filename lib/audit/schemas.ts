import { z } from "zod";
import { pageQueryFields } from "@/lib/pagination";

// Filters of the audit log, shared by GET /api/v1/audit-log, its CSV export and the dashboard page (which reads
// them from its own query string). Times are UTC; a date without a time means that whole day.

const ZDay = z.iso.date().transform((d) => ({ day: d }));
const ZInstant = z.iso.datetime({ offset: true }).transform((t) => ({ at: new Date(t) }));
const ZWhen = z.union([ZInstant, ZDay]);

export const ZAuditFilter = z
  .object({
    /** `user:<id>`, `api_key:<id>` or `system` (no actor: sign-in events, the scheduler). */
    actor: z
      .string()
      .regex(/^(?:(?:user|api_key):[A-Za-z0-9_-]{1,64}|system)$/, "Use user:<id>, api_key:<id> or system.")
      .optional(),
    /** An action (`connection.created`) or, ending in a dot, every action of a kind (`connection.`). */
    action: z
      .string()
      .regex(
        /^[a-z_]+(?:\.[a-z_]*)?$/,
        "Use an action such as connection.created, or a prefix such as connection.",
      )
      .optional(),
    target_type: z
      .string()
      .regex(/^[a-z_]{1,32}$/, "Use a target type such as connection.")
      .optional(),
    target_id: z.string().min(1).max(128).optional(),
    since: ZWhen.optional(),
    until: ZWhen.optional(),
  })
  .strict();

export const ZAuditQuery = ZAuditFilter.extend(pageQueryFields()).strict();

export type TAuditFilterInput = z.input<typeof ZAuditFilter>;
export type TAuditFilter = z.output<typeof ZAuditFilter>;
export type TAuditQuery = z.output<typeof ZAuditQuery>;

type TWhen = { at: Date } | { day: string };
const DAY_MS = 86_400_000;
/** since: inclusive lower bound; until: exclusive upper bound (a day's end is the next day's start). */
export function toTimeRange(f: { since?: TWhen; until?: TWhen }): { gte?: Date; lt?: Date } {
  const start = (w: TWhen) => ("at" in w ? w.at : new Date(`${w.day}T00:00:00.000Z`));
  const end = (w: TWhen) =>
    "at" in w
      ? new Date(w.at.getTime() + 1)
      : new Date(new Date(`${w.day}T00:00:00.000Z`).getTime() + DAY_MS);
  return {
    ...(f.since ? { gte: start(f.since) } : {}),
    ...(f.until ? { lt: end(f.until) } : {}),
  };
}
