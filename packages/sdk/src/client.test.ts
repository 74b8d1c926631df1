// The client's own logic over a scripted fetch that answers in the API's wire format (the real server is
// exercised by e2e/sdk.spec.ts): headers sent, errors raised, pages walked, grants polled, proxy answers.
import { describe, expect, it } from "vitest";
import { Patchbay } from "./client";
import { PatchbayError } from "./errors";

type Seen = { method: string; url: URL; headers: Headers; body: string };

function fakeApi(answer: (r: Seen) => Response | Promise<Response>) {
  const seen: Seen[] = [];
  const fetch = async (req: Request) => {
    const r = { method: req.method, url: new URL(req.url), headers: req.headers, body: await req.text() };
    seen.push(r);
    return answer(r);
  };
  return { seen, fetch };
}

const grant = (status: string, extra: Record<string, unknown> = {}) => ({
  grant_id: "gr_1",
  provider: "sandbox",
  status,
  connection_id: null,
  error: null,
  warning: null,
  in_progress: false,
  expires_at: "2026-12-01T00:10:00.000Z",
  ...extra,
});

describe("Patchbay client", () => {
  it("sends the key, X-Account-Id and JSON; strips a trailing slash from baseUrl", async () => {
    const api = fakeApi(() =>
      Response.json({ grant_id: "gr_1", authorization_url: "u", expires_at: "e" }, { status: 201 }),
    );
    const pb = new Patchbay({ apiKey: "pbk_test", baseUrl: "http://pb.test/", fetch: api.fetch }).withAccount(
      "user_42",
    );
    const started = await pb.connect.start("sandbox", { label: "Mine" });
    expect(started.authorization_url).toBe("u");
    const [r] = api.seen;
    expect(r!.method).toBe("POST");
    expect(r!.url.href).toBe("http://pb.test/api/v1/connect/sandbox");
    expect(r!.headers.get("authorization")).toBe("Bearer pbk_test");
    expect(r!.headers.get("x-account-id")).toBe("user_42");
    expect(JSON.parse(r!.body)).toEqual({ label: "Mine" });
  });

  it("a refusal is a PatchbayError with code, status, message, details and requestId", async () => {
    const api = fakeApi(() =>
      Response.json(
        { error: { code: "not_found", message: "No such connection." } },
        { status: 404, headers: { "x-request-id": "req_1" } },
      ),
    );
    const pb = new Patchbay({ apiKey: "k", baseUrl: "http://pb.test", fetch: api.fetch });
    const err = await pb.connections.get("conn_nope").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PatchbayError);
    expect(err).toMatchObject({
      code: "not_found",
      status: 404,
      message: "No such connection.",
      requestId: "req_1",
    });
    expect(api.seen[0]!.url.pathname).toBe("/api/v1/connections/conn_nope");
  });

  it("connections.iterate follows next_cursor with the same filters", async () => {
    const api = fakeApi(({ url }) => {
      const cursor = url.searchParams.get("cursor");
      return Response.json(
        cursor
          ? { data: [{ id: "c3" }], next_cursor: null }
          : { data: [{ id: "c1" }, { id: "c2" }], next_cursor: "n1" },
      );
    });
    const pb = new Patchbay({ apiKey: "k", baseUrl: "http://pb.test", fetch: api.fetch });
    const ids: string[] = [];
    for await (const c of pb.connections.iterate({ provider: "sandbox", limit: 2 })) ids.push(c.id);
    expect(ids).toEqual(["c1", "c2", "c3"]);
    expect(api.seen.map((s) => s.url.search)).toEqual([
      "?provider=sandbox&limit=2",
      "?provider=sandbox&limit=2&cursor=n1",
    ]);
  });

  it("waitForConnection polls until connected", async () => {
    let n = 0;
    const api = fakeApi(() =>
      Response.json(++n < 3 ? grant("pending") : grant("connected", { connection_id: "conn_9" })),
    );
    const pb = new Patchbay({ apiKey: "k", baseUrl: "http://pb.test", fetch: api.fetch });
    const done = await pb.connect.waitForConnection("gr_1", { intervalMs: 1 });
    expect(done).toMatchObject({ status: "connected", connection_id: "conn_9" });
    expect(api.seen).toHaveLength(3);
    expect(api.seen[0]!.url.pathname).toBe("/api/v1/connect/grants/gr_1");
  });

  it("waitForConnection rejects with grant_failed / grant_expired, the grant in details", async () => {
    const failed = fakeApi(() =>
      Response.json(grant("failed", { error: { code: "access_denied", description: "The user said no" } })),
    );
    const pb = new Patchbay({ apiKey: "k", baseUrl: "http://pb.test", fetch: failed.fetch });
    const err = (await pb.connect
      .waitForConnection("gr_1", { intervalMs: 1 })
      .catch((e: unknown) => e)) as PatchbayError;
    expect(err).toMatchObject({ code: "grant_failed", status: 0 });
    expect(err.message).toContain("access_denied");
    expect(err.details).toMatchObject({ status: "failed" });
    const expired = new Patchbay({
      apiKey: "k",
      baseUrl: "http://pb.test",
      fetch: fakeApi(() => Response.json(grant("expired"))).fetch,
    });
    await expect(expired.connect.waitForConnection("gr_1")).rejects.toMatchObject({ code: "grant_expired" });
  });

  it("waitForConnection stops at once when its signal aborts (mid-wait), and with a timeout", async () => {
    const api = fakeApi(() => Response.json(grant("pending")));
    const pb = new Patchbay({ apiKey: "k", baseUrl: "http://pb.test", fetch: api.fetch });
    const controller = new AbortController();
    const waiting = pb.connect.waitForConnection("gr_1", { intervalMs: 60_000, signal: controller.signal });
    await expect.poll(() => api.seen.length).toBe(1);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: "AbortError" });
    expect(api.seen).toHaveLength(1);
    const already = new AbortController();
    already.abort(new Error("cancelled by the user"));
    await expect(pb.connect.waitForConnection("gr_1", { signal: already.signal })).rejects.toThrow(
      "cancelled by the user",
    );
    await expect(
      pb.connect.waitForConnection("gr_1", { intervalMs: 60_000, timeoutMs: 1 }),
    ).rejects.toMatchObject({
      name: "TimeoutError",
    });
  });

  it("proxy: the provider's answer of any status comes back; Patchbay's own refusal throws", async () => {
    const api = fakeApi(({ url }) => {
      if (url.pathname.endsWith("/missing")) return Response.json({ message: "Not Found" }, { status: 404 });
      if (url.pathname.includes("conn_gone"))
        return Response.json(
          { error: { code: "not_found", message: "No such connection." } },
          { status: 404, headers: { "patchbay-error": "not_found", "x-request-id": "req_p" } },
        );
      return Response.json({ ok: true }, { headers: { "x-request-id": "req_ok" } });
    });
    const pb = new Patchbay({ apiKey: "k", baseUrl: "http://pb.test", fetch: api.fetch });
    const r = await pb
      .proxy("conn_1")
      .post("/items?x=1", { body: { a: 1 }, query: { tag: ["a", "b"], skip: undefined }, retries: 0 });
    expect(r.status).toBe(200);
    expect(r.requestId).toBe("req_ok");
    expect(await r.json()).toEqual({ ok: true });
    const sent = api.seen[0]!;
    expect(sent.url.pathname).toBe("/api/v1/connections/conn_1/proxy/items");
    expect(sent.url.search).toBe("?x=1&tag=a&tag=b");
    expect(sent.headers.get("content-type")).toBe("application/json");
    expect(sent.headers.get("patchbay-retries")).toBe("0");
    expect(sent.body).toBe('{"a":1}');

    const missing = await pb.proxy("conn_1").get("missing");
    expect(missing.status).toBe(404);
    expect(missing.ok).toBe(false);

    const err = await pb
      .proxy("conn_gone")
      .get("/me")
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: "not_found",
      status: 404,
      proxyError: "not_found",
      requestId: "req_p",
    });
  });

  it("proxy by provider: Connection-Id and X-Account-Id headers name the connection", async () => {
    const api = fakeApi(() => new Response("plain", { status: 201 }));
    const pb = new Patchbay({ apiKey: "k", baseUrl: "http://pb.test", fetch: api.fetch });
    const r = await pb
      .proxy({ provider: "github", accountId: "user_42", connectionId: "conn_7" })
      .put("/user", { body: "raw text" });
    expect(await r.text()).toBe("plain");
    const sent = api.seen[0]!;
    expect(sent.url.pathname).toBe("/api/v1/proxy/github/user");
    expect(sent.headers.get("x-account-id")).toBe("user_42");
    expect(sent.headers.get("connection-id")).toBe("conn_7");
    expect(sent.headers.get("content-type")).toContain("text/plain");
    expect(sent.body).toBe("raw text");
  });

  it("a request that never reaches Patchbay is a network_error", async () => {
    const pb = new Patchbay({
      apiKey: "k",
      baseUrl: "http://pb.test",
      fetch: () => Promise.reject(new TypeError("fetch failed")),
    });
    await expect(pb.me()).rejects.toMatchObject({ code: "network_error", status: 0 });
    await expect(pb.proxy("conn_1").get("/me")).rejects.toMatchObject({ code: "network_error" });
  });

  it("refuses to start without apiKey or baseUrl", () => {
    expect(() => new Patchbay({ apiKey: "", baseUrl: "http://x" })).toThrow(/apiKey/);
    expect(() => new Patchbay({ apiKey: "k", baseUrl: "" })).toThrow(/baseUrl/);
  });
});
