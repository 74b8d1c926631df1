// One error type and one JSON shape for every entry point: { error: { code, message, details? } }.
import type { z } from "zod";

export const ERROR_STATUS = {
  bad_request: 400,
  invalid_json: 400,
  unauthorized: 401,
  /** a usage tier's limit (lib/tiers): the monthly proxied-call quota, the cap on connected accounts */
  quota_exceeded: 402,
  account_limit_reached: 402,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
  internal: 500,
  bad_gateway: 502,
  service_unavailable: 503,
} as const;

export type TErrorCode = keyof typeof ERROR_STATUS;
export type TErrorBody = { error: { code: TErrorCode; message: string; details?: unknown } };

export class AppError extends Error {
  readonly code: TErrorCode;
  readonly status: number;
  readonly details: unknown;
  readonly headers: Record<string, string>;

  constructor(
    code: TErrorCode,
    opts: { message?: string; details?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(opts.message ?? defaultMessage(code));
    this.name = "AppError";
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.details = opts.details;
    this.headers = opts.headers ?? {};
  }

  toBody(): TErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

function defaultMessage(code: TErrorCode): string {
  switch (code) {
    case "unauthorized":
      return "Authentication required: send a valid API key as `Authorization: Bearer <key>` or sign in.";
    case "forbidden":
      return "You do not have permission to do this.";
    case "not_found":
      return "Not found.";
    case "rate_limited":
      return "Too many requests; slow down and retry later.";
    case "payload_too_large":
      return "Request body is larger than 1 MB.";
    case "invalid_json":
      return "Request body is not valid JSON.";
    case "internal":
      return "Something went wrong on our side.";
    default:
      return code.replace(/_/g, " ");
  }
}

export type TFieldIssue = { path: string; message: string; code: string };

export function zodDetails(error: z.ZodError, prefix?: string): TFieldIssue[] {
  return error.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter(Boolean).join("."),
    message: i.message,
    code: i.code,
  }));
}

export function validationError(error: z.ZodError, prefix?: string): AppError {
  return new AppError("validation_failed", {
    message: "Some fields are missing or invalid.",
    details: { issues: zodDetails(error, prefix) },
  });
}

export const notFound = (what = "Resource") => new AppError("not_found", { message: `${what} not found.` });
