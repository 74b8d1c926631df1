// The one wrapper for server actions: same steps as defineRoute, but errors come back as a value
// ({ ok: false, error }) because Next.js masks errors thrown from actions.
import { cookies } from "next/headers";
import type { z } from "zod";
import type { TRole } from "@/lib/auth/actor";
import { readSessionFromCookieHeader } from "@/lib/auth/read-session";
import { authorize } from "@/lib/http/authorize";
import { AppError, validationError, type TErrorBody } from "@/lib/http/errors";
import { newRequestId } from "@/lib/http/request-id";
import { toAppError } from "@/lib/http/to-error-response";
import { log } from "@/lib/log";
import { resolveSessionContext, TEAM_COOKIE, type TSessionContext } from "@/lib/tenancy/resolve-context";

export type TActionResult<T> = { ok: true; data: T } | ({ ok: false } & TErrorBody);

export async function sessionContextFromCookies(): Promise<TSessionContext | null> {
  const jar = await cookies();
  const header = jar
    .getAll()
    .map((c) => `${c.name}=${encodeURIComponent(c.value)}`)
    .join("; ");
  const claims = await readSessionFromCookieHeader(header);
  return claims ? resolveSessionContext(claims, jar.get(TEAM_COOKIE)?.value) : null;
}

export function defineAction<S extends z.ZodType, T>(
  config: { input: S; role?: TRole; auth?: "session" | "public" },
  handler: (input: z.output<S>, ctx: TSessionContext) => Promise<T>,
): (input: z.input<S>) => Promise<TActionResult<T>>;
export function defineAction<S extends z.ZodType, T>(
  config: { input: S; role?: TRole; auth: "public" },
  handler: (input: z.output<S>, ctx: TSessionContext | null) => Promise<T>,
): (input: z.input<S>) => Promise<TActionResult<T>>;
export function defineAction<S extends z.ZodType, T>(
  config: { input: S; role?: TRole; auth?: "session" | "public" },
  handler: (input: z.output<S>, ctx: TSessionContext) => Promise<T>,
) {
  return async (raw: unknown): Promise<TActionResult<T>> => {
    const requestId = newRequestId();
    try {
      const ctx = await sessionContextFromCookies();
      if (!ctx && config.auth !== "public")
        throw new AppError("unauthorized", { message: "Your session has ended; sign in again." });
      if (ctx) authorize(ctx, { role: config.role });
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
