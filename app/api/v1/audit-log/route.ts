import { listAuditEntries } from "@/lib/audit/list-audit-entries";
import { ZAuditQuery } from "@/lib/audit/schemas";
import { defineRoute } from "@/lib/http/define-route";
import { getProvider } from "@/lib/providers/registry";

export const dynamic = "force-dynamic";

export const GET = defineRoute(
  {
    auth: "any",
    docs: { summary: "List audit log entries" },
    role: "admin",
    scopes: ["audit:read"],
    query: ZAuditQuery,
  },
  async ({ ctx, query }) => listAuditEntries(ctx, query, { providerName: (s) => getProvider(s)?.name }),
);
