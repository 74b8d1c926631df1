// (c) The document against the real answers: real routes called in-process against a real database, each JSON
// body validated (Ajv, JSON Schema 2020-12) against the schema the document gives for that operation and status —
// successes and errors alike — and the headers the document promises are present.
import { beforeAll, describe, expect, it } from "vitest";
import * as openapiRoute from "@/app/api/v1/openapi.json/route";
import { ROUTE_INDEX } from "@/app/api/v1/openapi.json/routes.generated";
import * as meRoute from "@/app/api/v1/me/route";
import * as brandsRoute from "@/app/api/v1/brands/route";
import * as brandRoute from "@/app/api/v1/brands/[id]/route";
import * as apiKeysRoute from "@/app/api/v1/api-keys/route";
import * as connectionsRoute from "@/app/api/v1/connections/route";
import * as connectionRoute from "@/app/api/v1/connections/[id]/route";
import * as credentialsRoute from "@/app/api/v1/connections/[id]/credentials/route";
import * as endpointsRoute from "@/app/api/v1/webhook-endpoints/route";
import * as accountsRoute from "@/app/api/v1/accounts/route";
import * as connectSessionsRoute from "@/app/api/v1/connect-sessions/route";
import { buildOpenApiDocument } from "@/lib/openapi/build-document";
import { makeApiKey, makeOwner } from "../factories";
import { call } from "../http";
import { documentValidator, type TDocValidator } from "../openapi-ajv";
import { makeProxyConnection, proxyTeam } from "../proxy-fixtures";
import { partnerTeam } from "../partner-fixtures";

type TResponseDoc = { $ref?: string; headers?: Record<string, unknown>; content?: Record<string, unknown> };
type TDoc = { paths: Record<string, Record<string, { responses: Record<string, TResponseDoc> }>> };

let doc: TDoc;
let v: TDocValidator;
beforeAll(() => {
  doc = buildOpenApiDocument({ routes: ROUTE_INDEX }) as unknown as TDoc;
  v = documentValidator(doc);
});

/** The answer's status is documented for this operation, its body fits that status's schema, its headers are there. */
function expectDocumented(method: string, path: string, res: Awaited<ReturnType<typeof call>>) {
  const where = `${method} ${path} → ${String(res.status)}`;
  const documented = doc.paths[path]?.[method.toLowerCase()]?.responses[String(res.status)];
  expect(documented, `${where} is not a documented response`).toBeDefined();
  if (!documented!.$ref) {
    for (const h of Object.keys(documented!.headers ?? {}))
      expect(res.headers.get(h), `${where}: ${h}`).not.toBeNull();
  }
  if (res.status === 204) return;
  const validate = v.response(method, path, res.status);
  expect(validate(res.json), `${where}: ${JSON.stringify(validate.errors)}\n${res.text.slice(0, 500)}`).toBe(
    true,
  );
}

describe("documented responses agree with the real answers", () => {
  it("successes: me, brands, API keys, webhook endpoints", async () => {
    const owner = await makeOwner();
    const { key } = await makeApiKey(owner, [
      "brands:read",
      "brands:write",
      "api_keys:read",
      "webhooks:read",
      "webhooks:write",
    ]);
    expectDocumented("GET", "/api/v1/me", await call(meRoute.GET, { bearer: key }));

    const brand = await call(brandsRoute.POST, { method: "POST", bearer: key, body: { name: "Docs brand" } });
    expect(brand.status).toBe(201);
    expectDocumented("POST", "/api/v1/brands", brand);
    expectDocumented("GET", "/api/v1/brands", await call(brandsRoute.GET, { bearer: key }));
    const id = brand.json.id as string;
    expectDocumented(
      "GET",
      "/api/v1/brands/{id}",
      await call(brandRoute.GET, { bearer: key, params: { id } }),
    );
    const rename = await call(brandRoute.PATCH, {
      method: "PATCH",
      bearer: key,
      params: { id },
      body: { name: "Renamed" },
    });
    expectDocumented("PATCH", "/api/v1/brands/{id}", rename);
    const removed = await call(brandRoute.DELETE, { method: "DELETE", cookie: owner.cookie, params: { id } });
    expect(removed.status).toBe(204);
    expectDocumented("DELETE", "/api/v1/brands/{id}", removed);

    expectDocumented("GET", "/api/v1/api-keys", await call(apiKeysRoute.GET, { bearer: key }));
    const endpoint = await call(endpointsRoute.POST, {
      method: "POST",
      bearer: key,
      body: { url: "https://hooks.example.com/patchbay", event_types: ["connection.created"] },
    });
    expect(endpoint.status).toBe(201);
    expectDocumented("POST", "/api/v1/webhook-endpoints", endpoint);
    expectDocumented("GET", "/api/v1/webhook-endpoints", await call(endpointsRoute.GET, { bearer: key }));
  });

  it("successes: connections, one connection, its credentials (a raw Response declared in docs.responses)", async () => {
    const team = await proxyTeam(["connections:read", "connections:credentials"]);
    const id = await makeProxyConnection(
      team,
      "shopify",
      "oauth2",
      { type: "oauth2", access_token: "shpat-docs-test-token", refresh_token: "docs-refresh", extra: {} },
      { shop: "acme-store.myshopify.com" },
    );
    const list = await call(connectionsRoute.GET, { bearer: team.key, path: "/api/v1/connections?limit=5" });
    expect((list.json.data as unknown[]).length).toBe(1);
    expectDocumented("GET", "/api/v1/connections", list);
    expectDocumented(
      "GET",
      "/api/v1/connections/{id}",
      await call(connectionRoute.GET, { bearer: team.key, params: { id } }),
    );
    const creds = await call(credentialsRoute.GET, { bearer: team.key, params: { id } });
    expect(creds.status).toBe(200);
    expectDocumented("GET", "/api/v1/connections/{id}/credentials", creds);
  });

  it("successes in partner mode: accounts and a connect session", async () => {
    const team = await partnerTeam();
    const account = await call(accountsRoute.POST, {
      method: "POST",
      bearer: team.key,
      body: { external_id: "docs-customer-1", display_name: "Docs customer", metadata: { plan: "pro" } },
    });
    expect(account.status).toBe(201);
    expectDocumented("POST", "/api/v1/accounts", account);
    expectDocumented("GET", "/api/v1/accounts", await call(accountsRoute.GET, { bearer: team.key }));
    const session = await call(connectSessionsRoute.POST, {
      method: "POST",
      bearer: team.key,
      body: {
        providers: ["sandbox"],
        redirect_url: "https://app.acme.test/done",
        external_id: "docs-customer-1",
      },
    });
    expect(session.status, session.text).toBe(201);
    expectDocumented("POST", "/api/v1/connect-sessions", session);
  });

  it("the validation has teeth: wrong bodies are refused by the documented schemas", () => {
    expect(v.response("GET", "/api/v1/me", 200)({})).toBe(false);
    expect(v.response("GET", "/api/v1/brands/{id}", 404)({ error: { code: "nope", message: "x" } })).toBe(
      false,
    );
    expect(v.response("GET", "/api/v1/connections", 200)({ data: [{ id: 1 }], next_cursor: null })).toBe(
      false,
    );
  });

  it("errors: 401, 403, 404 and 422 in the documented error shape", async () => {
    const owner = await makeOwner();
    const { key } = await makeApiKey(owner, ["brands:read"]);

    const anonymous = await call(connectionsRoute.GET, {});
    expect(anonymous.status).toBe(401);
    expectDocumented("GET", "/api/v1/connections", anonymous);

    const noScope = await call(connectionsRoute.GET, { bearer: key });
    expect(noScope.status).toBe(403);
    expectDocumented("GET", "/api/v1/connections", noScope);

    const missing = await call(brandRoute.GET, { bearer: key, params: { id: "brand_does_not_exist" } });
    expect(missing.status).toBe(404);
    expectDocumented("GET", "/api/v1/brands/{id}", missing);

    const invalid = await call(brandsRoute.POST, {
      method: "POST",
      cookie: owner.cookie,
      body: { name: "" },
    });
    expect(invalid.status).toBe(422);
    expectDocumented("POST", "/api/v1/brands", invalid);

    const badQuery = await call(brandsRoute.GET, { bearer: key, path: "/api/v1/brands?limit=0" });
    expect(badQuery.status).toBe(422);
    expectDocumented("GET", "/api/v1/brands", badQuery);
  });

  it("GET /api/v1/openapi.json serves the document, public and cacheable, with this instance as the server", async () => {
    const res = await call(openapiRoute.GET, { path: "/api/v1/openapi.json" });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
    const served = res.json as unknown as { openapi: string; servers: { url: string }[]; paths: object };
    expect(served.openapi).toBe("3.1.0");
    expect(served.servers[0]!.url).toMatch(/^https?:\/\//);
    expect(Object.keys(served.paths)).toEqual(Object.keys(doc.paths));
  });
});
