import { z } from "zod";
import { getConnectionOrThrow } from "@/lib/connections/get-connection";
import { defineRoute } from "@/lib/http/define-route";
import { getConnectionUsage } from "@/lib/usage/get-connection-usage";

export const dynamic = "force-dynamic";

export const GET = defineRoute(
  {
    auth: "any",
    docs: { summary: "Get a connection's usage" },
    scopes: ["connections:read"],
    params: z.object({ id: z.string().min(1).max(64) }),
    query: z.object({ days: z.coerce.number().int().min(1).max(90).default(30) }).strict(),
  },
  async ({ ctx, params, query }) => {
    await getConnectionOrThrow(ctx, params.id); // another team's connection → 404 before anything is read
    return { data: await getConnectionUsage(ctx, params.id, query.days), days: query.days };
  },
);
