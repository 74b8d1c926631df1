import { z } from "zod";
import { ZStartGrantInput } from "@/lib/connections/grant-schemas";

/** Query-string form of the start input: param.<name>=…, context.<key>=…, scopes comma-separated. */
export const ZRedirectStartQuery = z.record(z.string().max(80), z.string().max(2000)).transform((q, ctx) => {
  const params: Record<string, string> = {};
  const context: Record<string, string> = {};
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(q)) {
    if (k.startsWith("param.")) params[k.slice(6)] = v;
    else if (k.startsWith("context.")) context[k.slice(8)] = v;
    else if (k === "scopes") rest.scopes = v.split(",").filter(Boolean);
    else rest[k] = v;
  }
  const parsed = ZStartGrantInput.safeParse({ ...rest, params, context, mode: "redirect" });
  if (!parsed.success) {
    for (const i of parsed.error.issues) ctx.addIssue({ code: "custom", path: i.path, message: i.message });
    return z.NEVER;
  }
  return parsed.data;
});
