// The one error shape of every endpoint, { error: { code, message, details? } }, as shared components: the schema
// (every code of lib/errors.ts) and one response per HTTP status that an error can have, with an example each.
import { ERROR_STATUS, type TErrorCode } from "@/lib/errors";
import type { TJsonObject } from "@/lib/openapi/types";

const STATUS_TEXT: Record<number, string> = {
  400: "Bad request: the body is not JSON, or the request is malformed.",
  401: "Authentication required: no or an invalid API key (`Authorization: Bearer pbk_…`) or session.",
  402: "A limit of the team's usage tier: the monthly proxied-call quota, or the cap on connected accounts.",
  403: "Authenticated, but not allowed: the API key lacks a scope (`details.missing_scopes`) or the user a role.",
  404: "Not found — also for anything another team owns (existence never leaks).",
  405: "Method not allowed.",
  409: "Conflict with the current state (e.g. a duplicate, or a connection that is not usable).",
  410: "Gone: expired or already used.",
  413: "The request body is too large.",
  415: "Unsupported media type.",
  422: "Validation failed: `details.issues` lists each field (`path`, `message`, `code`).",
  429: "Rate limited: retry after `Retry-After` seconds (`RateLimit-*` headers say where the window stands).",
  500: "Something went wrong on our side (masked; the message quotes a request id).",
  502: "The provider could not be reached or answered unusably.",
  503: "Temporarily unavailable (e.g. the same operation is in progress); retry later.",
};

export const ERROR_CODES = Object.keys(ERROR_STATUS) as TErrorCode[];

export function codesForStatus(status: number): TErrorCode[] {
  return ERROR_CODES.filter((c) => ERROR_STATUS[c] === status);
}

export const errorResponseName = (status: number) => `Error${String(status)}`;

const EXAMPLE_DETAILS: Partial<Record<number, TJsonObject>> = {
  403: { missing_scopes: ["connections:read"] },
  422: {
    issues: [
      { path: "body.label", message: "Too big: expected string to have <=100 characters", code: "too_big" },
    ],
  },
  429: { retry_after: 12 },
};

export function errorComponents(): { schemas: TJsonObject; responses: TJsonObject; headers: TJsonObject } {
  const statuses = [...new Set(Object.values(ERROR_STATUS))].sort((a, b) => a - b);
  const responses: TJsonObject = {};
  for (const status of statuses) {
    const codes = codesForStatus(status);
    const code = codes[0]!;
    const details = EXAMPLE_DETAILS[status];
    responses[errorResponseName(status)] = {
      description: `${STATUS_TEXT[status] ?? "Error."} Codes: ${codes.map((c) => `\`${c}\``).join(", ")}.`,
      headers: {
        "X-Request-Id": { $ref: "#/components/headers/X-Request-Id" },
        ...(status === 429
          ? {
              "Retry-After": { $ref: "#/components/headers/Retry-After" },
              "RateLimit-Limit": { $ref: "#/components/headers/RateLimit-Limit" },
              "RateLimit-Remaining": { $ref: "#/components/headers/RateLimit-Remaining" },
              "RateLimit-Reset": { $ref: "#/components/headers/RateLimit-Reset" },
              "RateLimit-Policy": { $ref: "#/components/headers/RateLimit-Policy" },
            }
          : {}),
      },
      content: {
        "application/json": {
          schema: { $ref: "#/components/schemas/Error" },
          example: {
            error: { code, message: exampleMessage(code), ...(details ? { details } : {}) },
          },
        },
      },
    };
  }
  return {
    schemas: {
      Error: {
        type: "object",
        description: "Every error of every endpoint has this shape.",
        properties: {
          error: {
            type: "object",
            properties: {
              code: { type: "string", enum: ERROR_CODES, description: "Stable, machine-readable." },
              message: { type: "string", description: "For humans; never contains a secret." },
              details: {
                description:
                  "Code-specific: `issues` for validation_failed, `missing_scopes` for forbidden …",
              },
            },
            required: ["code", "message"],
          },
        },
        required: ["error"],
      },
    },
    responses,
    headers: {
      "X-Request-Id": {
        description: "This request's id (quote it when reporting a problem).",
        schema: { type: "string" },
      },
      "Retry-After": { description: "Seconds until a retry may succeed.", schema: { type: "integer" } },
      "RateLimit-Limit": {
        description: "Requests allowed in the current window.",
        schema: { type: "integer" },
      },
      "RateLimit-Remaining": {
        description: "Requests left in the current window.",
        schema: { type: "integer" },
      },
      "RateLimit-Reset": { description: "Seconds until the window resets.", schema: { type: "integer" } },
      "RateLimit-Policy": {
        description:
          "`<limit>;w=<window seconds>` (draft-ietf-httpapi-ratelimit-headers), one per limit that applies.",
        schema: { type: "string" },
      },
    },
  };
}

function exampleMessage(code: TErrorCode): string {
  switch (code) {
    case "unauthorized":
      return "Authentication required: send a valid API key as `Authorization: Bearer <key>` or sign in.";
    case "forbidden":
      return "This API key lacks a required scope.";
    case "not_found":
      return "Connection not found.";
    case "validation_failed":
      return "Some fields are missing or invalid.";
    case "rate_limited":
      return "Too many requests; slow down and retry later.";
    case "internal":
      return "Something went wrong on our side. Quote request id req_0123456789 if you report it.";
    default:
      return code.replace(/_/g, " ");
  }
}
