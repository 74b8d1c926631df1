import { z } from "zod";
import { defineRoute } from "@/lib/http/define-route";
import { describeCaller } from "@/lib/tenancy/describe-caller";

export const dynamic = "force-dynamic";

export const GET = defineRoute(
  {
    auth: "any",
    docs: { summary: "Get the caller" },
    output: z.object({
      team: z.object({ id: z.string(), name: z.string() }),
      actor: z.enum(["api_key", "user"]),
      role: z.string().nullable(),
      scopes: z.array(z.string()),
      api_key: z.object({ id: z.string(), expires_at: z.string().nullable() }).nullable(),
    }),
  },
  async ({ ctx }) => describeCaller(ctx),
);
