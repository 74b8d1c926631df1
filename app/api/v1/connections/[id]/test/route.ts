import { z } from "zod";
import { testConnection } from "@/lib/connections/test-connection";
import { defineRoute } from "@/lib/http/define-route";

export const dynamic = "force-dynamic";

export const POST = defineRoute(
  { auth: "any", scopes: ["connections:write"], params: z.object({ id: z.string().min(1).max(64) }) },
  async ({ ctx, params }) => testConnection(ctx, params.id),
);
