import { findAuditEntries } from "@/lib/audit/repo";
import type { TAuthContext } from "@/lib/actor";

export async function listAuditEntries(ctx: TAuthContext, opts: { limit: number; cursor?: string }) {
  const rows = await findAuditEntries({ teamId: ctx.teamId }, { take: opts.limit + 1, cursor: opts.cursor });
  const page = rows.slice(0, opts.limit);
  return {
    data: page.map((r) => ({
      id: r.id,
      action: r.action,
      actor: r.actorUserId
        ? { type: "user", id: r.actorUserId }
        : r.actorKeyId
          ? { type: "api_key", id: r.actorKeyId }
          : null,
      target: r.targetType ? { type: r.targetType, id: r.targetId } : null,
      metadata: r.metadata,
      created_at: r.createdAt.toISOString(),
    })),
    next_cursor: rows.length > opts.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
