// Issue 8's hot-path promise: in steady state a proxied request costs at most one database round trip (the API
// key, the team's limits and the provider app are cached in process; so is the connection row with its sealed
// credentials, for 1 s — lib/connections/row-cache.ts). Counted at the pg driver, below Prisma, for every
// connection style that needs an app (OAuth) or none (API key), and for the provider form of the proxy. And the
// cache never outlives a change made through this instance: disabled, deleted or re-enabled is seen at once.
import crypto from "node:crypto";
import pg from "pg";
import { describe, expect, it, vi } from "vitest";
import { sendJson, startFake, type FakeHandle } from "@/e2e/fixtures/fake-providers";
import { setOutboundHostMapForTests } from "@/lib/outbound/guarded-fetch";
import { createBrand, deleteBrand } from "@/lib/tenancy/brands";
import { disconnectConnection } from "@/lib/connections/disconnect-connection";
import { updateConnection } from "@/lib/connections/manage-connection";
import { makeProxyConnection, proxyTeam, proxyTestHooks, viaPath, viaProvider } from "../proxy-fixtures";

let fake: FakeHandle | undefined;
proxyTestHooks(async () => {
  vi.restoreAllMocks();
  await fake?.close();
  fake = undefined;
});

async function upstream(host: string) {
  fake = await startFake((_req, res) => sendJson(res, 200, { ok: true }));
  setOutboundHostMapForTests({ [host]: fake.url });
}

/** Database queries sent while `fn` runs, after it ran twice to warm every cache. */
async function queriesOf(fn: () => Promise<Response>): Promise<number> {
  for (let i = 0; i < 2; i++) expect((await fn()).status).toBe(200);
  const spy = vi.spyOn(pg.Client.prototype, "query");
  const res = await fn();
  expect(res.status).toBe(200);
  await res.arrayBuffer();
  const n = spy.mock.calls.length;
  spy.mockRestore();
  return n;
}

describe("proxy hot path: at most one database round trip per request", () => {
  it("an OAuth connection (provider app resolved from cache)", async () => {
    await upstream("api.github.com");
    const team = await proxyTeam();
    const id = await makeProxyConnection(team, "github", "oauth2", {
      type: "oauth2",
      access_token: "gho_hotPathAccessToken0123456789ab",
      extra: {},
    });
    expect(await queriesOf(() => viaPath(id, "/user", { key: team.key }))).toBeLessThanOrEqual(1);
  });

  it("an API-key connection, by id and by provider with Connection-Id", async () => {
    await upstream("api.stripe.com");
    const team = await proxyTeam();
    const id = await makeProxyConnection(team, "stripe", "api_key", {
      type: "api_key",
      api_key: "sk_test_hot0123456789",
    });
    expect(await queriesOf(() => viaPath(id, "/v1/charges", { key: team.key }))).toBeLessThanOrEqual(1);
    expect(
      await queriesOf(() =>
        viaProvider("stripe", "/v1/charges", { key: team.key, headers: { "connection-id": id } }),
      ),
    ).toBeLessThanOrEqual(1);
  });
});

describe("a burst on a cold connection row", () => {
  it("costs one read of the row, however many requests arrive while it is loading", async () => {
    await upstream("api.stripe.com");
    const team = await proxyTeam();
    const id = await makeProxyConnection(team, "stripe", "api_key", {
      type: "api_key",
      api_key: "sk_test_burst0123456789",
    });
    const call = () => viaPath(id, "/v1/charges", { key: team.key });
    expect((await call()).status).toBe(200); // the API key is cached now; the row is cached for 1 s
    await new Promise((r) => setTimeout(r, 1_100)); // … and now it is not
    const spy = vi.spyOn(pg.Client.prototype, "query");
    // staggered over a few milliseconds, as a busy connection's callers arrive
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        new Promise((r) => setTimeout(r, i % 5)).then(async () => {
          const res = await call();
          await res.arrayBuffer();
          return res.status;
        }),
      ),
    );
    const rowReads = spy.mock.calls.filter(([q]) => {
      const text = typeof q === "string" ? q : ((q as { text?: string }).text ?? "");
      return /FROM "Connection" WHERE id = /.test(text);
    }).length;
    spy.mockRestore();
    expect(answers.every((s) => s === 200)).toBe(true);
    expect(rowReads).toBe(1);
  });
});

describe("a busy connection's credentials", () => {
  it("are opened by the vault once per row read, not once per request — and again after a change", async () => {
    let seen = "";
    fake = await startFake((req, res) => {
      seen = req.headers.authorization ?? "";
      sendJson(res, 200, { ok: true });
    });
    setOutboundHostMapForTests({ "api.stripe.com": fake.url });
    const team = await proxyTeam();
    const id = await makeProxyConnection(team, "stripe", "api_key", {
      type: "api_key",
      api_key: "sk_test_opened0123456789",
    });
    const call = async () => {
      const res = await viaPath(id, "/v1/charges", { key: team.key });
      await res.arrayBuffer();
      return res.status;
    };
    expect(await call()).toBe(200); // the row is cached now, with its credentials opened
    const decrypts = vi.spyOn(crypto, "createDecipheriv");
    for (let i = 0; i < 5; i++) expect(await call()).toBe(200);
    expect(decrypts).not.toHaveBeenCalled();
    expect(seen).toBe("Bearer sk_test_opened0123456789");
    // a write drops the row here: the next request reads and opens it anew
    await updateConnection(team.owner.ctx, id, { enabled: false });
    await updateConnection(team.owner.ctx, id, { enabled: true });
    expect(await call()).toBe(200);
    expect(decrypts).toHaveBeenCalledTimes(1);
  });
});

describe("the connection-row cache never outlives a change made here", () => {
  async function stripeConnection() {
    await upstream("api.stripe.com");
    const team = await proxyTeam();
    const id = await makeProxyConnection(team, "stripe", "api_key", {
      type: "api_key",
      api_key: "sk_test_cache0123456789",
    });
    return { team, id, call: () => viaPath(id, "/v1/charges", { key: team.key }) };
  }

  it("a warm connection costs no query; disabled → refused at once, enabled → usable at once", async () => {
    const { team, id, call } = await stripeConnection();
    expect(await queriesOf(call)).toBe(0);
    await updateConnection(team.owner.ctx, id, { enabled: false });
    const refused = await call();
    expect(refused.status).toBe(409);
    expect(refused.headers.get("patchbay-error")).toBe("connection_unusable");
    await updateConnection(team.owner.ctx, id, { enabled: true });
    expect((await call()).status).toBe(200);
  });

  it("deleted → 404 at once, also when its brand goes (a cascade)", async () => {
    const { team, id, call } = await stripeConnection();
    expect((await call()).status).toBe(200);
    await disconnectConnection(team.owner.ctx, id);
    expect((await call()).status).toBe(404);

    const brand = await createBrand(team.owner.ctx, "Second brand");
    const inBrand = await makeProxyConnection(
      team,
      "stripe",
      "api_key",
      { type: "api_key", api_key: "sk_test_cache_brand0123" },
      {},
      null,
      brand.id,
    );
    const viaBrand = () => viaPath(inBrand, "/v1/charges", { key: team.key });
    expect((await viaBrand()).status).toBe(200);
    await deleteBrand(team.owner.ctx, brand.id);
    expect((await viaBrand()).status).toBe(404);
  });
});
