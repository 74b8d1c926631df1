import { z } from "zod";
import { defineRoute } from "@/lib/http/define-route";
import {
  addInboundSecret,
  getInboundConfig,
  ZAddInboundSecretInput,
  ZInboundLevel,
} from "@/lib/webhooks/inbound-config";

export const dynamic = "force-dynamic";
const ZParams = z.object({ slug: z.string().min(1).max(64) });

/** The provider app's inbound webhook URL, which secret signs, and the stored secrets (ids and dates only). */
export const GET = defineRoute(
  {
    auth: "any",
    docs: { summary: "Get a provider's inbound webhook settings" },
    role: "admin",
    scopes: ["providers:write"],
    params: ZParams,
    query: z.object({ level: ZInboundLevel }).strict(),
  },
  async ({ ctx, params, query }) => getInboundConfig(ctx, params.slug, query.level),
);

/** Add a signing secret (several may be active while one rolls). */
export const POST = defineRoute(
  {
    auth: "any",
    docs: { summary: "Add an inbound webhook signing secret" },
    role: "admin",
    scopes: ["providers:write"],
    params: ZParams,
    body: ZAddInboundSecretInput,
    status: 201,
  },
  async ({ ctx, params, body }) => addInboundSecret(ctx, params.slug, body),
);
