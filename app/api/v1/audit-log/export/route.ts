import { exportAuditCsv } from "@/lib/audit/export-audit-csv";
import { defineRoute } from "@/lib/http/define-route";

export const dynamic = "force-dynamic";

export const GET = defineRoute({ auth: "any", role: "admin", scopes: ["audit:read"] }, async ({ ctx }) => {
  const csv = await exportAuditCsv(ctx);
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="patchbay-audit-${new Date().toISOString().slice(0, 10)}.csv"`,
      "cache-control": "no-store",
    },
  });
});
