import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";

/** Known errors keep their code; anything else becomes a masked 500 whose request id leads to the log line. */
export function toErrorResponse(err: unknown, requestId: string): Response {
  const appError =
    err instanceof AppError
      ? err
      : new AppError("internal", {
          message: `Something went wrong on our side. Quote request id ${requestId} if you report it.`,
        });
  if (!(err instanceof AppError)) log.error("unhandled error", { requestId, error: err });
  else if (appError.status >= 500)
    log.error("server error", { requestId, errorCode: appError.code, error: err });
  return Response.json(appError.toBody(), {
    status: appError.status,
    headers: { "x-request-id": requestId, "cache-control": "no-store", ...appError.headers },
  });
}
