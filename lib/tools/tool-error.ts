// A tool's failure, said once in the error shape every entry point uses (AppError → { error: { code, message,
// details } }), with what went wrong and on which side:
//   provider_error    the provider answered non-2xx: its status and its own message (parsed per provider where
//                     the shape is known, provider-errors.ts), as a 502 — the caller's request to us was fine
//   patchbay_error    Patchbay refused or failed before the provider (needs re-auth, throttled, quota, guard …):
//                     the proxy's code and message, kept as they are (409, 429, 402 …)
//   missing_scopes    the connection was not granted what the tool needs: nothing was sent (403)
//   invalid_response  the provider answered 2xx with a body the tool cannot read (502)
import { AppError, type TErrorCode } from "@/lib/errors";

export type TToolErrorKind = "provider_error" | "patchbay_error" | "missing_scopes" | "invalid_response";

export class ToolError extends AppError {
  readonly kind: TToolErrorKind;
  constructor(
    kind: TToolErrorKind,
    code: TErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    super(code, { message, details: { kind, ...details }, headers });
    this.name = "ToolError";
    this.kind = kind;
  }
}
