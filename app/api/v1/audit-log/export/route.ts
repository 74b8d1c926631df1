import { exportAuditCsv } from "@/lib/audit/export-audit-csv";
import { ZAuditFilter } from "@/lib/audit/schemas";
import { defineRoute } from "@/lib/http/define-route";
import { getProvider } from "@/lib/providers/registry";

export const dynamic = "force-dynamic";

export const GET = defineRoute(
  {
    auth: "any",
    docs: {
      summary: "Export the audit log",
      responses: {
        200: {
          description: "The whole (filtered) audit log as CSV.",
          contentType: "text/csv",
          headers: { "Content-Disposition": 'attachment; filename="patchbay-audit-<date>.csv"' },
        },
      },
    },
    role: "admin",
    scopes: ["audit:read"],
    query: ZAuditFilter,
  },
  async ({ ctx, query }) => {
    const csv = await exportAuditCsv(ctx, query, { providerName: (s) => getProvider(s)?.name });
    return new Response(csv, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="patchbay-audit-${new Date().toISOString().slice(0, 10)}.csv"`,
        "cache-control": "no-store",
      },
    });
  },
);
