import { answerToResponse, jsonAnswer, type TAnswer } from "@/lib/answer";
import { DomainError, type TDomainErrorKind } from "@/lib/domain-error";
import { AppError, type TErrorCode } from "@/lib/errors";
import { log } from "@/lib/log";

/** The one place a domain outcome becomes an HTTP word. Exhaustive: a new kind does not compile until mapped. */
const DOMAIN_ERROR_CODE: Record<TDomainErrorKind, TErrorCode> = {
  connection_not_usable: "conflict",
  credential_revoked: "conflict",
  credential_rejected: "validation_failed",
  provider_unreachable: "bad_gateway",
  outcome_unknown: "bad_gateway",
  provider_not_configured: "conflict",
  in_progress: "service_unavailable",
  quota_exceeded: "quota_exceeded",
  account_limit_reached: "account_limit_reached",
};

/** AppError as is, a domain error mapped to its AppError, anything else null (an unexpected error). */
export function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  if (err instanceof DomainError)
    return new AppError(DOMAIN_ERROR_CODE[err.kind], { message: err.message, details: err.details });
  return null;
}

/** Known errors keep their code; anything else becomes a masked 500 whose request id leads to the log line. */
export function toErrorResponse(err: unknown, requestId: string): Response {
  return answerToResponse(toErrorAnswer(err, requestId));
}

/** The same, as a server-neutral answer (lib/answer). */
export function toErrorAnswer(err: unknown, requestId: string): TAnswer {
  const known = toAppError(err);
  const appError =
    known ??
    new AppError("internal", {
      message: `Something went wrong on our side. Quote request id ${requestId} if you report it.`,
    });
  if (!known) log.error("unhandled error", { requestId, error: err });
  else if (appError.status >= 500)
    log.error("server error", { requestId, errorCode: appError.code, error: err });
  return jsonAnswer(appError.status, appError.toBody(), {
    "x-request-id": requestId,
    "cache-control": "no-store",
    ...appError.headers,
  });
}
