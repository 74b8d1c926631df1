// The tools connections enable: every implemented tool, or those of one provider or one connection (then each
// says whether that connection can run it and which OAuth scopes it lacks).
import { defineRoute } from "@/lib/http/define-route";
import { listToolsPage, ZListToolsQuery } from "@/lib/tools/list-tools";

export const dynamic = "force-dynamic";

export const GET = defineRoute(
  { auth: "any", scopes: ["tools:read"], query: ZListToolsQuery },
  async ({ ctx, query }) => listToolsPage(ctx, query),
);
