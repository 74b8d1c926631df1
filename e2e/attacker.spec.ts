// The attacker spec: another team's ids — by session and by API key — are "not found", exactly like ids that never
// existed (existence must not leak); a member cannot reach a colleague's private connection; cookie-authenticated
// writes from another origin are refused. Each test makes its own teams; nothing depends on test order.
import { expect, test, type APIRequestContext, type Browser } from "@playwright/test";
import { API_SCOPES } from "@/lib/api-keys/scopes";
import { PASSWORD, connectSandbox, nav, shot, signUp, uniqueEmail } from "./helpers";

async function newSignedUpPage(browser: Browser, tag: string, team: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signUp(page, { email: uniqueEmail(tag), team });
  return { context, page };
}

/** An id of the same shape that names nothing: the answer for it is what "not yours" must look like. */
const madeUp = (id: string) => `${id.slice(0, -6)}zzzzzz`;

type TCall = { method: string; path: string; data?: unknown };

const brandCalls = (id: string): TCall[] => [
  { method: "GET", path: `/api/v1/brands/${id}` },
  { method: "PATCH", path: `/api/v1/brands/${id}`, data: { name: "Pwned brand" } },
  { method: "DELETE", path: `/api/v1/brands/${id}` },
];
const keyCalls = (id: string): TCall[] => [{ method: "DELETE", path: `/api/v1/api-keys/${id}` }];
/** Reads first, then writes, the delete last: a write that leaked would show up in what follows. */
const connectionCalls = (id: string): TCall[] => [
  { method: "GET", path: `/api/v1/connections/${id}` },
  { method: "GET", path: `/api/v1/connections/${id}/events` },
  { method: "PATCH", path: `/api/v1/connections/${id}`, data: { label: "pwned", enabled: false } },
  { method: "POST", path: `/api/v1/connections/${id}/test` },
  { method: "POST", path: `/api/v1/connections/${id}/refresh` },
  { method: "DELETE", path: `/api/v1/connections/${id}` },
];
const grantCalls = (id: string): TCall[] => [{ method: "GET", path: `/api/v1/connect/grants/${id}` }];

type TIds = { brand: string; key: string; conn: string; grant: string };
const everyCall = (ids: TIds) => [
  ...brandCalls(ids.brand),
  ...keyCalls(ids.key),
  ...connectionCalls(ids.conn),
  ...grantCalls(ids.grant),
];

async function call(req: APIRequestContext, c: TCall, headers: Record<string, string> = {}) {
  const res = await req.fetch(c.path, { method: c.method, data: c.data, headers });
  const text = await res.text();
  return { status: res.status(), body: text ? (JSON.parse(text) as unknown) : null };
}

/** Each call on a foreign id answers 404 not_found, byte for byte what the same call on a made-up id answers. */
async function expectAllNotFound(
  req: APIRequestContext,
  calls: TCall[],
  fakes: TCall[],
  headers: Record<string, string> = {},
) {
  for (const [i, c] of calls.entries()) {
    const real = await call(req, c, headers);
    const fake = await call(req, fakes[i]!, headers);
    const what = `${c.method} ${c.path}`;
    expect(real.status, what).toBe(404);
    expect(real.body, what).toMatchObject({ error: { code: "not_found", message: expect.any(String) } });
    expect(real, `${what} must answer like a made-up id`).toEqual(fake);
  }
}

test("another team gets 404 for every resource of ours — by session and by API key — and nothing changes", async ({
  page,
  browser,
  request,
  baseURL,
}) => {
  // Victim team A: a second brand, an API key, a private Sandbox connection, a pending grant, an OAuth app.
  await signUp(page, { email: uniqueEmail("victim"), team: "Victim Team" });
  await nav(page, "Brands").click();
  await page.getByLabel("New brand").fill("Victim EU");
  await page.getByRole("button", { name: "Create brand" }).click();
  await expect(page.getByTestId("brand-row")).toHaveCount(2);
  await nav(page, "API keys").click();
  await page.getByRole("button", { name: "Create key" }).click();
  await page.getByLabel("Name", { exact: true }).fill("Victim backend");
  await page.getByRole("button", { name: "Create key" }).click();
  const victimKey = await page.getByTestId("secret-value").inputValue();
  const connId = await connectSandbox(page, "Victim inbox", "victim@example.test");

  const aMe = (await (await page.request.get("/api/v1/me")).json()) as { team: { id: string } };
  const aBrands = (await (await page.request.get("/api/v1/brands")).json()) as {
    data: { id: string; name: string }[];
  };
  const brandId = aBrands.data.find((b) => b.name === "Victim EU")!.id;
  const aKeys = (await (await page.request.get("/api/v1/api-keys")).json()) as {
    data: { id: string; name: string }[];
  };
  const keyId = aKeys.data.find((k) => k.name === "Victim backend")!.id;
  const aConn = (await (await page.request.get(`/api/v1/connections/${connId}`)).json()) as {
    owner: { user_id: string };
  };
  const grantRes = await page.request.post("/api/v1/connect/sandbox", { data: { label: "pending" } });
  expect(grantRes.status()).toBe(201);
  const grantId = ((await grantRes.json()) as { grant_id: string }).grant_id;

  const ids: TIds = { brand: brandId, key: keyId, conn: connId, grant: grantId };
  const fakes: TIds = {
    brand: madeUp(brandId),
    key: madeUp(keyId),
    conn: madeUp(connId),
    grant: madeUp(grantId),
  };

  // Attacker team B, in its own browser: its session and a key with every scope.
  const b = await newSignedUpPage(browser, "attacker", "Attacker Team");
  const keyRes = await b.page.request.post("/api/v1/api-keys", {
    data: { name: "attacker", scopes: [...API_SCOPES] },
  });
  expect(keyRes.status()).toBe(201);
  const bearer = { authorization: `Bearer ${((await keyRes.json()) as { key: string }).key}` };

  // An audit entry of A's that is newer than B's own entries: a cursor that ignored the team would page B's log.
  const appRes = await page.request.put("/api/v1/providers/shopify/app", {
    data: { client_id: "victim-shopify-client", client_secret: "victim-shopify-secret" },
  });
  expect(appRes.status()).toBe(200);
  // Cursors are keyset positions (createdAt|id, base64url): A's cursor must page B's log exactly like a made-up
  // cursor at the same instant — it names a position, never an entry B could learn about.
  const aAudit = (await (await page.request.get("/api/v1/audit-log?limit=1")).json()) as {
    next_cursor: string;
  };
  const auditCursor = aAudit.next_cursor;
  const [auditAt, auditId] = Buffer.from(auditCursor, "base64url").toString("utf8").split("|");
  const madeUpCursor = Buffer.from(`${auditAt}|${madeUp(auditId!)}`).toString("base64url");

  await expectAllNotFound(b.page.request, everyCall(ids), everyCall(fakes));
  await expectAllNotFound(request, everyCall(ids), everyCall(fakes), bearer);

  // Foreign ids smuggled into B's own requests: a brand or member of A to place a connection, a cursor of A's.
  for (const headers of [{}, bearer]) {
    const req = "authorization" in headers ? request : b.page.request;
    const place = (data: object) => ({ method: "POST", path: "/api/v1/connect/sandbox", data });
    await expectAllNotFound(
      req,
      [place({ brand_id: brandId }), place({ owner_user_id: aConn.owner.user_id })],
      [place({ brand_id: madeUp(brandId) }), place({ owner_user_id: madeUp(aConn.owner.user_id) })],
      headers,
    );
    const removeApp = await call(req, { method: "DELETE", path: "/api/v1/providers/shopify/app" }, headers);
    expect(removeApp.status).toBe(404);
    const auditWith = (cursor: string) =>
      call(req, { method: "GET", path: `/api/v1/audit-log?cursor=${cursor}` }, headers);
    const own = (await call(req, { method: "GET", path: "/api/v1/audit-log" }, headers)).body as {
      data: unknown[];
    };
    expect(own.data.length, "B has entries older than A's cursor").toBeGreaterThan(0);
    const foreign = await auditWith(auditCursor);
    expect(foreign.status, "a foreign audit cursor").toBe(200);
    expect(foreign, "a foreign audit cursor").toEqual(await auditWith(madeUpCursor));
    for (const path of [
      "/api/v1/brands",
      "/api/v1/api-keys",
      "/api/v1/connections",
      `/api/v1/connections?brand_id=${brandId}`,
      "/api/v1/audit-log",
    ]) {
      const list = await call(req, { method: "GET", path }, headers);
      expect(list.status, path).toBe(200);
      const text = JSON.stringify(list.body);
      for (const id of [brandId, keyId, connId, grantId, aMe.team.id]) expect(text, path).not.toContain(id);
    }
  }

  // The dashboard: A's connection page is Next's 404, and cookies naming A's team and brand are ignored.
  const res = await b.page.goto(`/connections/${connId}`);
  expect(res?.status()).toBe(404);
  await expect(b.page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(b.page.getByText("Victim inbox")).toHaveCount(0);
  await shot(b.page, "attacker-404");
  await b.context.addCookies([
    { name: "pb_team", value: aMe.team.id, url: baseURL! },
    { name: "pb_brand", value: brandId, url: baseURL! },
  ]);
  const bMe = (await (await b.page.request.get("/api/v1/me")).json()) as { team: { name: string } };
  expect(bMe.team.name).toBe("Attacker Team");
  await b.page.goto("/connections");
  await expect(b.page.getByTestId("team-name")).toHaveText("Attacker Team");
  await expect(b.page.getByText("No connections in Default yet")).toBeVisible();
  await b.page.goto("/brands");
  await expect(b.page.getByTestId("brand-row")).toHaveCount(1);
  await expect(b.page.getByText("Victim EU")).toHaveCount(0);
  await b.context.close();

  // A's resources are intact: the brand, the key (still works), the connection (connected, label kept), the grant,
  // the OAuth app — and A's audit log records none of B's attempts.
  expect(await (await page.request.get(`/api/v1/brands/${brandId}`)).json()).toMatchObject({
    name: "Victim EU",
  });
  const me = await request.get("/api/v1/me", { headers: { authorization: `Bearer ${victimKey}` } });
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ team: { name: "Victim Team" }, actor: "api_key" });
  expect(await (await page.request.get(`/api/v1/connections/${connId}`)).json()).toMatchObject({
    status: "connected",
    label: "Victim inbox",
    last_checked_at: null,
    last_refreshed_at: null,
  });
  expect(await (await page.request.get(`/api/v1/connect/grants/${grantId}`)).json()).toMatchObject({
    status: "pending",
  });
  expect(await (await page.request.get("/api/v1/providers/shopify")).json()).toMatchObject({
    configured_by: "team",
  });
  const audit = (await (await page.request.get("/api/v1/audit-log?limit=200")).json()) as {
    data: { action: string }[];
  };
  const forbidden =
    /^(brand\.(renamed|deleted)|api_key\.revoked|connection\.(updated|tested|refreshed|disconnected))$/;
  expect(audit.data.filter((e) => forbidden.test(e.action))).toEqual([]);
  await nav(page, "Connections").click();
  const row = page.getByTestId("connection-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Victim inbox");
  await expect(row).toContainText("Connected");
});

test("a member cannot reach the owner's private connection; the member's own is visible to them and to admins", async ({
  page,
  browser,
}) => {
  await signUp(page, { email: uniqueEmail("owner"), team: "Members Team" });
  const ownerConn = await connectSandbox(page, "Owner private", "owner@example.test");
  const grantRes = await page.request.post("/api/v1/connect/sandbox", { data: {} });
  const ownerGrant = ((await grantRes.json()) as { grant_id: string }).grant_id;

  await page.goto("/team");
  await page.getByRole("button", { name: "Create invite link" }).click();
  const link = await page.getByTestId("secret-value").inputValue();
  const mContext = await browser.newContext();
  const m = await mContext.newPage();
  await m.goto(new URL(link).pathname);
  await m.getByRole("link", { name: "Create an account" }).click();
  const memberEmail = uniqueEmail("member");
  await m.getByLabel("E-mail").fill(memberEmail);
  await m.getByLabel("Password").fill(PASSWORD);
  await m.getByRole("button", { name: "Create account" }).click();
  await expect(m.getByTestId("team-name")).toHaveText("Members Team");
  const memberConn = await connectSandbox(m, "Member own", "member@example.test");

  // The member's list (this brand and all brands) holds only their own connection.
  for (const path of ["/connections", "/connections?brand=all"]) {
    await m.goto(path);
    await expect(m.getByTestId("connection-row")).toHaveCount(1);
    await expect(m.getByTestId("connection-row")).toContainText("Member own");
    await expect(m.getByText("Owner private")).toHaveCount(0);
  }
  const mList = (await (await m.request.get("/api/v1/connections")).json()) as { data: { id: string }[] };
  expect(mList.data.map((c) => c.id)).toEqual([memberConn]);
  const res = await m.goto(`/connections/${ownerConn}`);
  expect(res?.status()).toBe(404);
  await expect(m.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expectAllNotFound(
    m.request,
    [...connectionCalls(ownerConn), ...grantCalls(ownerGrant)],
    [...connectionCalls(madeUp(ownerConn)), ...grantCalls(madeUp(ownerGrant))],
  );
  expect(await (await m.request.get(`/api/v1/connections/${memberConn}`)).json()).toMatchObject({
    label: "Member own",
    status: "connected",
  });
  await mContext.close();

  // Admins see all: the owner sees both, the member's marked as theirs, and can open it; the owner's is untouched.
  await nav(page, "Connections").click();
  await expect(page.getByTestId("connection-row")).toHaveCount(2);
  await expect(page.getByTestId("connection-row").filter({ hasText: "Member own" })).toContainText(
    memberEmail,
  );
  await page.goto(`/connections/${memberConn}`);
  await expect(page.getByRole("heading", { level: 1, name: "Sandbox" })).toBeVisible();
  await expect(page.getByText(`Owner: ${memberEmail}`)).toBeVisible();
  expect(await (await page.request.get(`/api/v1/connections/${ownerConn}`)).json()).toMatchObject({
    label: "Owner private",
    status: "connected",
  });
});

test("a cookie-authenticated write from another origin is refused with 403", async ({ page, baseURL }) => {
  await signUp(page, { email: uniqueEmail("csrf"), team: "CSRF Team" });
  const post = (origin: string, name: string) =>
    page.request.post("/api/v1/brands", { data: { name }, headers: { origin } });
  const evil = await post("https://evil.example", "Evil brand");
  expect(evil.status()).toBe(403);
  expect(await evil.json()).toMatchObject({ error: { code: "forbidden" } });
  expect((await post("null", "Null-origin brand")).status()).toBe(403);
  // the same request from our own origin goes through, so the 403 is about the origin alone
  const own = await post(baseURL!, "Own brand");
  expect(own.status()).toBe(201);
  const brandId = ((await own.json()) as { id: string }).id;
  const evilHeaders = { origin: "https://evil.example" };
  const del = await page.request.delete(`/api/v1/brands/${brandId}`, { headers: evilHeaders });
  expect(del.status()).toBe(403);
  const list = (await (await page.request.get("/api/v1/brands", { headers: evilHeaders })).json()) as {
    data: { name: string }[];
  };
  expect(list.data.map((b) => b.name).sort()).toEqual(["Default", "Own brand"]);
});
