import { z } from "zod";
import { listAuditEntries } from "@/lib/audit/list-audit-entries";
import { defineRoute } from "@/lib/http/define-route";

export const dynamic = "force-dynamic";

export const GET = defineRoute(
  {
    auth: "any",
    role: "admin",
    scopes: ["audit:read"],
    query: z
      .object({
        limit: z.coerce.number().int().min(1).max(200).default(50),
        cursor: z.string().max(64).optional(),
      })
      .strict(),
  },
  async ({ ctx, query }) => listAuditEntries(ctx, query),
);
