// The OpenAPI document against reality: (a) every route file and method on disk is documented and nothing else
// is; (b) it is a valid OpenAPI 3.1 document; its examples fit their own schemas; (d) no example looks like a
// secret. Documented responses are checked against real answers in test/integration/openapi-responses.int.test.ts.
import { Validator } from "@seriousme/openapi-schema-validator";
import { beforeAll, describe, expect, it } from "vitest";
import { ROUTE_INDEX } from "@/app/api/v1/openapi.json/routes.generated";
import { buildOpenApiDocument } from "@/lib/openapi/build-document";
import { ERROR_CODES } from "@/lib/openapi/error-components";
import { listRouteFiles } from "@/scripts/openapi/route-files";
import { documentValidator } from "../openapi-ajv";

type TOp = {
  operationId: string;
  summary: string;
  security: Record<string, string[]>[];
  parameters: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: object; example?: unknown }> };
  responses: Record<
    string,
    { $ref?: string; content?: Record<string, { schema: object; example?: unknown }> }
  >;
  "x-scopes"?: string[];
};
type TDoc = {
  paths: Record<string, Record<string, TOp>>;
  components: { responses: Record<string, { content: { "application/json": { example: unknown } } }> };
};

let doc: TDoc;
beforeAll(() => {
  doc = buildOpenApiDocument({ routes: ROUTE_INDEX, baseUrl: "http://127.0.0.1:3000" }) as unknown as TDoc;
});

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ path, method, op })),
  );

describe("completeness: the document and the route files agree", () => {
  it("documents every method of every app/api/v1/**/route.ts on disk, and nothing that is not there", () => {
    // Read from the file system and the sources, not from the index the document is built from: a route file
    // added without regenerating the index is missing from the document and fails here.
    const onDisk = listRouteFiles().flatMap((f) => f.methods.map((m) => `${m} ${f.path}`));
    const documented = operations().map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    expect(onDisk.length).toBeGreaterThan(50);
    expect(documented.sort()).toEqual(onDisk.sort());
  });

  it("gives every operation a unique operationId, a summary and a tag", () => {
    const ids = operations().map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { op } of operations()) expect(op.summary.length).toBeGreaterThan(3);
  });

  it("documents the error answers each operation can give, in the one error shape", () => {
    for (const { path, method, op } of operations()) {
      const where = `${method} ${path}`;
      if (op.security.length)
        expect(op.responses["401"]?.$ref, where).toBe("#/components/responses/Error401");
      if (path.includes("{")) expect(op.responses["404"], where).toBeDefined();
      if (op.requestBody?.content["application/json"]) expect(op.responses["422"], where).toBeDefined();
      if (op["x-scopes"]?.length) {
        expect(op.responses["403"], where).toBeDefined();
        const keyScheme = op.security.find((s) => "ApiKey" in s);
        expect(keyScheme?.ApiKey, where).toEqual(op["x-scopes"]);
      }
    }
    const schemas = (doc as unknown as { components: { schemas: { Error: { properties: object } } } })
      .components.schemas;
    expect(JSON.stringify(schemas.Error)).toContain(JSON.stringify(ERROR_CODES));
  });

  it("names the catch-all of the proxy, the partner header and the public document itself", () => {
    const proxy = doc.paths["/api/v1/connections/{id}/proxy/{path}"]!;
    expect(Object.keys(proxy).sort()).toEqual(["delete", "get", "head", "options", "patch", "post", "put"]);
    expect(proxy.get!.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(
      expect.arrayContaining(["path:id", "path:path", "header:X-Account-Id"]),
    );
    expect(doc.paths["/api/v1/connections"]!.get!.parameters.map((p) => p.name)).toContain("X-Account-Id");
    expect(doc.paths["/api/v1/openapi.json"]!.get!.security).toEqual([]);
  });
});

describe("validity", () => {
  it("validates against the OpenAPI 3.1 schema", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("every example fits its own schema (request bodies and the shared error responses)", () => {
    const v = documentValidator(doc);
    let checked = 0;
    for (const { path, method, op } of operations()) {
      const example = op.requestBody?.content["application/json"]?.example;
      if (example === undefined) continue;
      const validate = v.requestBody(method, path);
      expect(validate(example), `${method} ${path}: ${JSON.stringify(validate.errors)}`).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(5);
    for (const [name, r] of Object.entries(doc.components.responses)) {
      const validate = v.at("/components/schemas/Error");
      expect(validate(r.content["application/json"].example), name).toBe(true);
    }
  });
});

// Shapes of real credentials; an example that matches one was copied from somewhere it should not have been.
const SECRET_SHAPES = [
  /pbk_[0-9A-Za-z]{38}/, // our own API keys
  /whsec_[A-Za-z0-9+/=]{16,}/, // Standard Webhooks signing secrets
  /\b[sr]k_(live|test)_[0-9A-Za-z]{10,}/,
  /\bgh[pousr]_[0-9A-Za-z]{20,}/,
  /\bxox[abprs]-[0-9A-Za-z-]{10,}/,
  /\bshpat_[0-9a-f]{16,}/,
  /\bAKIA[0-9A-Z]{16}\b/,
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/, // a JWT
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
];
/** In example values, also any long unbroken token-like string (high-entropy material). */
const TOKEN_LIKE = /^[A-Za-z0-9_\-+/=.]{32,}$/;

function secretLookingValues(node: unknown, inExample = false, out: string[] = []): string[] {
  if (typeof node === "string") {
    if (SECRET_SHAPES.some((re) => re.test(node)) || (inExample && TOKEN_LIKE.test(node))) out.push(node);
  } else if (Array.isArray(node)) node.forEach((n) => secretLookingValues(n, inExample, out));
  else if (node && typeof node === "object")
    for (const [k, v] of Object.entries(node))
      secretLookingValues(v, inExample || /^examples?$/.test(k), out);
  return out;
}

describe("no secrets in the document", () => {
  it("finds no secret-looking value anywhere in the document, examples included", () => {
    expect(secretLookingValues(doc)).toEqual([]);
  });

  it("the scan itself catches planted secrets (so an empty result means something)", () => {
    const planted = {
      a: { example: { key: `pbk_${"A1b2C3d4".repeat(4)}abcdef` } },
      b: { examples: [{ token: "0123456789abcdefghijABCDEFGHIJ0123456789" }] },
      c: { description: "xoxb-1234567890-abcdefghij" },
    };
    expect(secretLookingValues(planted)).toHaveLength(3);
  });
});
