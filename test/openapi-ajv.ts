// JSON Schema 2020-12 validation of bodies against the OpenAPI document, with Ajv 8. The top-level `ajv` package is
// eslint's Ajv 6 (draft-07 only), so Ajv 8 is loaded from where ajv-formats (which requires it) resolves it.
import { createRequire } from "node:module";

type TValidate = ((data: unknown) => boolean) & { errors?: unknown[] | null };
type TAjv = {
  addSchema(schema: object, key?: string): TAjv;
  getSchema(ref: string): TValidate | undefined;
  compile(schema: object): TValidate;
};
type TAjvClass = new (opts: Record<string, unknown>) => TAjv;

const fromFormats = createRequire(createRequire(import.meta.url).resolve("ajv-formats"));
const Ajv2020 = (fromFormats("ajv/dist/2020") as { default: TAjvClass }).default;
const addFormats = (fromFormats("ajv-formats") as { default: (ajv: TAjv) => void }).default;

const DOC_ID = "https://patchbay.invalid/openapi.json";

/** Pointer-escapes one path segment (RFC 6901). */
const esc = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");

export type TDocValidator = {
  /** A validator for the schema at `pointer` ("/paths/~1api~1v1~1me/get/…"), refs resolved in the document. */
  at(pointer: string): TValidate;
  response(method: string, path: string, status: number, contentType?: string): TValidate;
  requestBody(method: string, path: string): TValidate;
};

export function documentValidator(doc: object): TDocValidator {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ ...doc, $id: DOC_ID });
  const at = (pointer: string) => ajv.compile({ $ref: `${DOC_ID}#${pointer}` });
  const paths = (
    doc as { paths: Record<string, Record<string, { responses?: Record<string, { $ref?: string }> }>> }
  ).paths;
  return {
    at,
    response: (method, path, status, contentType = "application/json") => {
      const op = paths[path]?.[method.toLowerCase()];
      const entry = op?.responses?.[String(status)];
      if (!entry) throw new Error(`${method} ${path} documents no ${String(status)} response`);
      // Error responses are shared components: follow the response's own $ref to where its schema is.
      const base = entry.$ref
        ? entry.$ref.replace(/^#/, "")
        : `/paths/${esc(path)}/${method.toLowerCase()}/responses/${String(status)}`;
      return at(`${base}/content/${esc(contentType)}/schema`);
    },
    requestBody: (method, path) =>
      at(`/paths/${esc(path)}/${method.toLowerCase()}/requestBody/content/application~1json/schema`),
  };
}
