import { z } from "zod";
import { defineRoute } from "@/lib/http/define-route";
import { configureOAuthApp, removeOAuthApp, ZConfigureAppInput } from "@/lib/providers/configure-app";

export const dynamic = "force-dynamic";
const ZParams = z.object({ slug: z.string().min(1).max(64) });

/** Bring your own OAuth app: the team's client id/secret override the instance's (level "instance": superusers). */
export const PUT = defineRoute(
  {
    auth: "any",
    docs: { summary: "Configure a provider's OAuth app" },
    role: "admin",
    scopes: ["providers:write"],
    params: ZParams,
    body: ZConfigureAppInput,
  },
  async ({ ctx, params, body }) => configureOAuthApp(ctx, params.slug, body),
);

export const DELETE = defineRoute(
  {
    auth: "any",
    docs: { summary: "Remove a provider's OAuth app" },
    role: "admin",
    scopes: ["providers:write"],
    params: ZParams,
    query: z.object({ level: z.enum(["team", "instance"]).default("team") }).strict(),
    status: 204,
  },
  async ({ ctx, params, query }) => {
    await removeOAuthApp(ctx, params.slug, query.level);
    return null;
  },
);
