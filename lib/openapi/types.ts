// The shapes lib/openapi works with. The document itself is plain JSON (OpenAPI 3.1, JSON Schema 2020-12).
import type { TRouteHandler } from "@/lib/http/define-route";

/** A route file's module namespace: its HTTP method exports are defineRoute handlers (plus `dynamic` etc.). */
export type TRouteModule = Readonly<Record<string, unknown>>;

export type TRouteEntry = { file: string; path: string; module: TRouteModule };

export type TJson = null | boolean | number | string | TJson[] | { [key: string]: TJson };
export type TJsonObject = { [key: string]: TJson };

export type TOperationInput = {
  method: string;
  /** OpenAPI path template: /api/v1/connections/{id} */
  path: string;
  file: string;
  handler: TRouteHandler;
};
