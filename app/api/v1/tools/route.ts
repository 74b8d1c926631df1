// The tools connections enable: every implemented tool, or those of one provider or one connection (then each
// says whether that connection can run it and which OAuth scopes it lacks).
import { defineRoute } from "@/lib/http/define-route";
import { listToolsPage, ZListToolsQuery } from "@/lib/tools/list-tools";

export const dynamic = "force-dynamic";

export const GET = defineRoute(
  {
    auth: "any",
    docs: {
      summary: "List tools",
      description:
        "The typed tools Patchbay runs against providers (`provider.snake_case`). With `connection_id`, each says whether that connection can run it and which OAuth scopes it lacks.",
    },
    scopes: ["tools:read"],
    query: ZListToolsQuery,
  },
  async ({ ctx, query }) => listToolsPage(ctx, query),
);
