import { findAuditActions, findAuditEntries, findAuditSubjects } from "@/lib/audit/repo";
import { type TAuditFilter } from "@/lib/audit/schemas";
import { toPage } from "@/lib/pagination";
import type { TAuthContext } from "@/lib/actor";

/**
 * Names the audit log cannot know itself: the catalog's provider names live in lib/providers, a layer above
 * this one, so callers (routes, pages) pass the catalog lookup in.
 */
export type TAuditNameHints = { providerName?: (slug: string) => string | undefined };

export type TAuditSubject = {
  type: string;
  id: string | null;
  /** What a person recognises: an e-mail, a key's name, "Sandbox · shop 1". Deleted records get a fallback. */
  name: string;
  /** false when the record no longer exists (or never belonged to this team). */
  exists: boolean;
};

export type TAuditEntryView = {
  id: string;
  action: string;
  actor: TAuditSubject | null;
  target: TAuditSubject | null;
  metadata: unknown;
  created_at: string;
};

type TRow = Awaited<ReturnType<typeof findAuditEntries>>[number];

const shortId = (id: string) => (id.length > 10 ? `${id.slice(0, 8)}…` : id);
const metaString = (m: unknown, key: string): string | undefined => {
  const v = m && typeof m === "object" && !Array.isArray(m) ? (m as Record<string, unknown>)[key] : undefined;
  return typeof v === "string" && v ? v : undefined;
};
const DELETED: Record<string, string> = {
  user: "Former member",
  member: "Former member",
  api_key: "Deleted API key",
  brand: "Deleted brand",
  connection: "Deleted connection",
  invite: "Deleted invite",
  team: "Team",
  provider: "Removed provider",
  account: "Deleted account",
};

/** Resolves the actors and targets of `rows` to names: one team-scoped query per kind, whatever the page size. */
export async function describeAuditEntries(
  teamId: string,
  rows: TRow[],
  hints: TAuditNameHints = {},
): Promise<TAuditEntryView[]> {
  const targets = (type: string) => [
    ...new Set(rows.filter((r) => r.targetType === type && r.targetId).map((r) => r.targetId!)),
  ];
  const subjects = await findAuditSubjects(
    { teamId },
    {
      users: [
        ...new Set([...rows.flatMap((r) => (r.actorUserId ? [r.actorUserId] : [])), ...targets("user")]),
      ],
      apiKeys: [
        ...new Set([...rows.flatMap((r) => (r.actorKeyId ? [r.actorKeyId] : [])), ...targets("api_key")]),
      ],
      members: targets("member"),
      brands: targets("brand"),
      connections: targets("connection"),
      invites: targets("invite"),
      accounts: targets("account"),
      providerSlugs: [
        ...new Set([
          ...targets("provider"),
          ...rows.flatMap((r) => {
            const p = metaString(r.metadata, "provider");
            return r.targetType === "connection" && p ? [p] : [];
          }),
        ]),
      ],
    },
  );
  const customNames = new Map(
    subjects.customApps.flatMap((a) => {
      const n = metaString(a.custom, "name");
      return n ? [[a.providerSlug, n] as const] : [];
    }),
  );
  const providerName = (slug: string) => customNames.get(slug) ?? hints.providerName?.(slug) ?? slug;
  const names = {
    user: new Map(subjects.users.map((u) => [u.id, u.email])),
    api_key: new Map(subjects.apiKeys.map((k) => [k.id, `${k.name} (${k.prefix}…)`])),
    member: new Map(subjects.members.map((m) => [m.id, m.user.email])),
    brand: new Map(subjects.brands.map((b) => [b.id, b.name])),
    connection: new Map(
      subjects.connections.map((c) => [c.id, `${providerName(c.providerSlug)} · ${c.label ?? c.brand.name}`]),
    ),
    invite: new Map(
      subjects.invites.map((i) => [i.id, i.email ? `Invite for ${i.email}` : `Invite link (${i.role})`]),
    ),
    team: new Map(subjects.team ? [[subjects.team.id, subjects.team.name]] : []),
    account: new Map(subjects.accounts.map((a) => [a.id, `Account ${a.externalId}`])),
  } as Record<string, Map<string, string>>;

  const subject = (type: string, id: string | null, metadata: unknown): TAuditSubject => {
    if (type === "provider" && id) {
      const name = providerName(id);
      return { type, id, name, exists: true };
    }
    const found = id ? names[type]?.get(id) : undefined;
    if (found) return { type, id, name: found, exists: true };
    // Deleted or unknown: the entry's own metadata often still names it (api_key.revoked keeps the name).
    const fromMeta =
      metaString(metadata, "name") ??
      metaString(metadata, "email") ??
      (type === "account" ? metaString(metadata, "external_id") : undefined);
    const provider = type === "connection" ? metaString(metadata, "provider") : undefined;
    const base = DELETED[type] ?? type.replace(/_/g, " ");
    const name = fromMeta
      ? `${fromMeta} (deleted)`
      : provider
        ? `${base} (${providerName(provider)})`
        : id
          ? `${base} ${shortId(id)}`
          : base;
    return { type, id, name, exists: false };
  };

  return rows.map((r) => ({
    id: r.id,
    action: r.action,
    actor: r.actorUserId
      ? subject("user", r.actorUserId, null)
      : r.actorKeyId
        ? subject("api_key", r.actorKeyId, null)
        : null,
    target: r.targetType ? subject(r.targetType, r.targetId, r.metadata) : null,
    metadata: r.metadata,
    created_at: r.createdAt.toISOString(),
  }));
}

export async function listAuditEntries(
  ctx: TAuthContext,
  opts: { limit: number; cursor?: { createdAt: Date; id: string } } & TAuditFilter,
  hints: TAuditNameHints = {},
) {
  const { limit, cursor, ...filter } = opts;
  const rows = await findAuditEntries({ teamId: ctx.teamId }, { take: limit + 1, filter, after: cursor });
  const page = toPage(rows, limit, (r) => r);
  return { data: await describeAuditEntries(ctx.teamId, page.data, hints), next_cursor: page.next_cursor };
}

/** The actions recorded in the caller's team, for the filter menu. */
export async function listAuditActions(ctx: TAuthContext): Promise<string[]> {
  return findAuditActions({ teamId: ctx.teamId });
}
