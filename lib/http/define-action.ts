// The one wrapper for server actions: same steps as defineRoute, but errors come back as a value
// ({ ok: false, error }) because Next.js masks errors thrown from actions.
import { headers } from "next/headers";
import type { z } from "zod";
import type { TRole } from "@/lib/actor";
import { sessionContextFromCookies } from "@/lib/auth/session-context";
import { authorize } from "@/lib/http/authorize";
import { clientIp } from "@/lib/rate-limit/client-ip";
import { AppError, validationError, type TErrorBody } from "@/lib/errors";
import { newRequestId } from "@/lib/http/request-id";
import { toAppError } from "@/lib/http/to-error-response";
import { log } from "@/lib/log";
import { consumeRateLimit, type TLimit } from "@/lib/rate-limit/consume";
import type { TSessionContext } from "@/lib/tenancy/resolve-context";

export type TActionResult<T> = { ok: true; data: T } | ({ ok: false } & TErrorBody);

/**
 * Same limiter as defineRoute. `name` gives the action its own bucket; counted per signed-in user, or per client
 * IP for public actions (`per: "ip"` forces the IP). Without a config, session actions share a default budget.
 */
export type TActionLimit = TLimit & { name: string; per?: "user" | "ip" };

const DEFAULT_ACTION_LIMIT: TActionLimit = { name: "default", limit: 600, windowSec: 60 };

type TActionConfig<S> = { input: S; role?: TRole; rateLimit?: TActionLimit | false };

async function consumeActionLimit(limit: TActionLimit, ctx: TSessionContext | null): Promise<void> {
  const who = ctx && limit.per !== "ip" ? `user:${ctx.user.id}` : `ip:${clientIp(await headers())}`;
  await consumeRateLimit(`action:${limit.name}:${who}`, limit);
}

export function defineAction<S extends z.ZodType, T>(
  config: TActionConfig<S> & { auth?: "session" | "public" },
  handler: (input: z.output<S>, ctx: TSessionContext) => Promise<T>,
): (input: z.input<S>) => Promise<TActionResult<T>>;
export function defineAction<S extends z.ZodType, T>(
  config: TActionConfig<S> & { auth: "public" },
  handler: (input: z.output<S>, ctx: TSessionContext | null) => Promise<T>,
): (input: z.input<S>) => Promise<TActionResult<T>>;
export function defineAction<S extends z.ZodType, T>(
  config: TActionConfig<S> & { auth?: "session" | "public" },
  handler: (input: z.output<S>, ctx: TSessionContext) => Promise<T>,
) {
  return async (raw: unknown): Promise<TActionResult<T>> => {
    const requestId = newRequestId();
    try {
      const ctx = await sessionContextFromCookies();
      if (!ctx && config.auth !== "public")
        throw new AppError("unauthorized", { message: "Your session has ended; sign in again." });
      if (ctx) authorize(ctx, { role: config.role });
      const limit = config.rateLimit ?? (config.auth === "public" ? false : DEFAULT_ACTION_LIMIT);
      if (limit) await consumeActionLimit(limit, ctx);
      const parsed = config.input.safeParse(raw);
      if (!parsed.success) throw validationError(parsed.error);
      const data = await handler(parsed.data, ctx as TSessionContext);
      return { ok: true, data };
    } catch (err) {
      const known = toAppError(err);
      if (known) return { ok: false, ...known.toBody() };
      log.error("unhandled action error", { requestId, error: err });
      return {
        ok: false,
        error: {
          code: "internal",
          message: `Something went wrong on our side. Quote request id ${requestId} if you report it.`,
        },
      };
    }
  };
}
