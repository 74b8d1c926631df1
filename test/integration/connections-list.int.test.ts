// GET /api/v1/connections at scale (issue 12): one keyset pagination (?limit=&cursor= → { data, next_cursor }),
// server-side filters and search, tenancy; and bulk actions as jobs with progress, checked per connection.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as bulkRoute from "@/app/api/v1/connections/bulk/route";
import * as bulkOpRoute from "@/app/api/v1/connections/bulk/[operationId]/route";
import * as apiKeysRoute from "@/app/api/v1/api-keys/route";
import * as brandsRoute from "@/app/api/v1/brands/route";
import * as connectionsRoute from "@/app/api/v1/connections/route";
import * as endpointsRoute from "@/app/api/v1/webhook-endpoints/route";
import { db } from "@/lib/db";
import { bulkConnectionsJob } from "@/lib/jobs/bulk-connections";
import { encodeCursor } from "@/lib/pagination";
import { startWorkers, stopQueue } from "@/lib/queue/queue";
import { seedConnections } from "@/scripts/seed-connections";
import { defaultBrandId, makeApiKey, makeMember, makeOwner, type TTestUser } from "../factories";
import { call } from "../http";

type TPage = {
  data: { id: string; status: string; provider: string; label: string | null }[];
  next_cursor: string | null;
};

beforeAll(() => startWorkers([bulkConnectionsJob]));
afterAll(() => stopQueue(2_000));

async function seeded(count: number) {
  const owner = await makeOwner();
  const first = await defaultBrandId(owner.teamId);
  const second = `brand_${crypto.randomBytes(6).toString("hex")}`;
  await db.brand.create({ data: { id: second, teamId: owner.teamId, name: "Second" } });
  const tag = crypto.randomBytes(4).toString("hex");
  await seedConnections(db, {
    teamId: owner.teamId,
    brandIds: [first, second],
    ownerUserId: owner.userId,
    count,
    tag,
  });
  return { owner, brands: [first, second], tag, id: (g: number) => `conn_seed_${tag}_${g}` };
}

const list = async (as: { cookie?: string; bearer?: string }, qs: string) => {
  const res = await call(connectionsRoute.GET, { ...as, path: `/api/v1/connections?${qs}` });
  return {
    status: res.status,
    json: res.json as unknown as TPage & { error?: { code: string } },
    text: res.text,
  };
};

async function all(as: { cookie: string }, qs: string, limit = 50) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await list(as, `${qs}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
    expect(res.status, res.text).toBe(200);
    expect(res.json.data.length).toBeLessThanOrEqual(limit);
    ids.push(...res.json.data.map((c) => c.id));
    cursor = res.json.next_cursor;
    pages += 1;
  } while (cursor && pages < 100);
  return { ids, pages };
}

describe("GET /api/v1/connections: keyset pages, filters, search", () => {
  let s: Awaited<ReturnType<typeof seeded>>;
  let stranger: TTestUser;
  beforeAll(async () => {
    s = await seeded(130);
    stranger = (await seeded(20)).owner;
  });

  it("pages through every connection once, newest first, with no count and no offset", async () => {
    const first = await list(s.owner, "limit=50");
    expect(first.status, first.text).toBe(200);
    expect(Object.keys(first.json).sort()).toEqual(["data", "next_cursor"]);
    expect(first.json.data[0]!.id).toBe(s.id(1)); // row g is g seconds old: g = 1 is the newest
    const { ids, pages } = await all(s.owner, "");
    expect(pages).toBe(3);
    expect(ids).toHaveLength(130);
    expect(new Set(ids).size).toBe(130);
    expect(ids).toEqual(Array.from({ length: 130 }, (_, i) => s.id(i + 1)));
  });

  it("is stable under inserts: a row added after page 1 does not shift page 2", async () => {
    const p1 = await list(s.owner, "limit=10");
    const brand = s.brands[0]!;
    await db.connection.create({
      data: {
        id: `conn_new_${s.tag}`,
        teamId: s.owner.teamId,
        brandId: brand,
        ownerKind: "shared",
        providerSlug: "sandbox",
        authMode: "oauth2",
        status: "connected",
      },
    });
    const p2 = await list(s.owner, `limit=10&cursor=${p1.json.next_cursor}`);
    expect(p2.json.data[0]!.id).toBe(s.id(11));
    await db.connection.delete({ where: { id: `conn_new_${s.tag}` } });
  });

  it("filters on the server: provider, status, brand, owner, label, account, and combinations", async () => {
    const range = Array.from({ length: 130 }, (_, i) => i + 1);
    const expectIds = async (qs: string, pick: (g: number) => boolean) => {
      const { ids } = await all(s.owner, qs, 20);
      expect(ids, qs).toEqual(range.filter(pick).map(s.id));
    };
    const status = (g: number) =>
      g % 100 === 0 ? "needs_reauth" : g % 200 === 1 ? "error" : g % 50 === 7 ? "disabled" : "connected";
    await expectIds("provider=github", (g) => g % 7 === 2); // SEED_PROVIDERS[2] = github
    await expectIds("status=disabled", (g) => status(g) === "disabled");
    await expectIds(
      `brand_id=${s.brands[1]}&status=connected`,
      (g) => g % 2 === 1 && status(g) === "connected",
    );
    await expectIds("owner=user", (g) => g % 10 === 0);
    await expectIds(`owner_user_id=${s.owner.userId}&provider=sandbox`, (g) => g % 10 === 0 && g % 7 === 0);
    await expectIds("shared=true&status=needs_reauth", () => false); // g % 100 = 0 rows are all user-owned
    await expectIds("label=seed%2042", (g) => g === 42);
    await expectIds("account_id=acc_none", () => false);
  });

  it("searches label, account name and e-mail (any case) and id prefixes", async () => {
    const q = async (term: string) => (await all(s.owner, `q=${encodeURIComponent(term)}`)).ids;
    expect(await q("USER42@seed")).toEqual([s.id(42)]);
    expect(await q("account 129")).toEqual([s.id(129)]);
    expect(await q("seed 12")).toEqual([12, 120, 121, 122, 123, 124, 125, 126, 127, 128, 129].map(s.id));
    expect(await q(s.id(99))).toEqual([s.id(99)]); // an id (prefix) finds itself
    expect(await q(s.id(7))).toEqual([7, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79].map(s.id));
    expect(await q("nothing-like-this")).toEqual([]);
  });

  it("keeps tenants apart: another team's rows never appear; its cursor pages the caller's own rows only", async () => {
    const { ids } = await all({ cookie: stranger.cookie }, "");
    expect(ids).toHaveLength(20);
    expect(ids.some((id) => id.startsWith(`conn_seed_${s.tag}_`))).toBe(false);
    const theirs = await list(stranger, "limit=5");
    const mine = await list(s.owner, `limit=5&cursor=${theirs.json.next_cursor}`);
    expect(mine.status).toBe(200);
    expect(mine.json.data.every((c) => c.id.startsWith(`conn_seed_${s.tag}_`))).toBe(true);
  });

  it("a member sees shared connections and their own only, with the same filters", async () => {
    const member = await makeMember(s.owner.teamId, "member");
    const { ids } = await all(member, "");
    expect(ids).toHaveLength(117); // the 13 user-owned rows belong to the owner
    expect((await all(member, "owner=user")).ids).toEqual([]);
  });

  it("answers malformed input with 422 in the one error shape, never a 500", async () => {
    for (const qs of [
      "cursor=not-a-cursor",
      `cursor=${Buffer.from("2026-01-01|x|y").toString("base64url")}`,
      "limit=0",
      "limit=201",
      "offset=50",
      "status=sleeping",
      "owner=robot",
      `q=${"x".repeat(101)}`,
    ]) {
      const res = await list(s.owner, qs);
      expect(res.status, qs).toBe(422);
      expect(res.json.error?.code, qs).toBe("validation_failed");
    }
    const made = encodeCursor({ createdAt: new Date(0), id: "conn_x" });
    expect((await list(s.owner, `cursor=${made}`)).json.data).toEqual([]);
  });
});

describe("bulk actions: jobs with progress, tenancy and permission per connection", () => {
  async function finished(as: { cookie?: string; bearer?: string }, id: string) {
    for (let i = 0; i < 200; i += 1) {
      const res = await call(bulkOpRoute.GET, { ...as, params: { operationId: id } });
      expect(res.status, res.text).toBe(200);
      if (res.json.status === "finished")
        return res.json as Record<string, unknown> & { failures: { connection_id: string; code: string }[] };
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("bulk operation did not finish");
  }
  const start = (as: { cookie?: string; bearer?: string }, body: unknown) =>
    call(bulkRoute.POST, { ...as, method: "POST", body });

  it("disables the selected connections; another team's id is not found and untouched", async () => {
    const s = await seeded(12);
    const other = await seeded(3);
    const ids = [s.id(2), s.id(3), s.id(4)];
    const res = await start(s.owner, {
      action: "disable",
      connection_ids: [...ids, other.id(2), "conn_nope"],
    });
    expect(res.status, res.text).toBe(202);
    expect(res.json).toMatchObject({ action: "disable", total: 5 });
    const done = await finished(s.owner, res.json.id as string);
    expect(done).toMatchObject({ total: 5, succeeded: 3, failed: 2 });
    expect(done.failures.map((f) => [f.connection_id, f.code]).sort()).toEqual(
      [
        [other.id(2), "not_found"],
        ["conn_nope", "not_found"],
      ].sort(),
    );
    const rows = await db.connection.findMany({
      where: { id: { in: [...ids, other.id(2)] } },
      select: { id: true, status: true },
    });
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({
      [ids[0]!]: "disabled",
      [ids[1]!]: "disabled",
      [ids[2]!]: "disabled",
      [other.id(2)]: "connected",
    });
    // the operation itself is the team's: another team gets 404, same body as an unknown id
    const foreign = await call(bulkOpRoute.GET, {
      cookie: other.owner.cookie,
      params: { operationId: res.json.id as string },
    });
    const unknown = await call(bulkOpRoute.GET, {
      cookie: other.owner.cookie,
      params: { operationId: "bulk_unknown" },
    });
    expect(foreign.status).toBe(404);
    expect(foreign.json).toEqual(unknown.json);
  });

  it("a member cannot disable or disconnect shared connections (forbidden per row); an API key needs connections:write", async () => {
    const s = await seeded(12);
    const member = await makeMember(s.owner.teamId, "member");
    // g = 10 is the owner's private connection (invisible to the member), g = 3 and 5 are shared
    const res = await start(member, { action: "disconnect", connection_ids: [s.id(3), s.id(5), s.id(10)] });
    expect(res.status, res.text).toBe(202);
    const done = await finished(member, res.json.id as string);
    expect(done).toMatchObject({ total: 3, succeeded: 0, failed: 3 });
    expect(Object.fromEntries(done.failures.map((f) => [f.connection_id, f.code]))).toEqual({
      [s.id(3)]: "forbidden",
      [s.id(5)]: "forbidden",
      [s.id(10)]: "not_found",
    });
    expect(await db.connection.count({ where: { id: { in: [s.id(3), s.id(5), s.id(10)] } } })).toBe(3);

    const readOnly = await makeApiKey(s.owner, ["connections:read"]);
    const refused = await start({ bearer: readOnly.key }, { action: "test", connection_ids: [s.id(3)] });
    expect(refused.status).toBe(403);
    expect((await start(s.owner, { action: "explode", connection_ids: [s.id(3)] })).status).toBe(422);
    expect((await start(s.owner, { action: "test", connection_ids: [] })).status).toBe(422);
  });

  it("counts failures with their reasons: testing connections with no stored credentials", async () => {
    const s = await seeded(4);
    const res = await start(s.owner, { action: "test", connection_ids: [s.id(1), s.id(2)] });
    const done = await finished(s.owner, res.json.id as string);
    expect(done).toMatchObject({ total: 2, succeeded: 0, failed: 2 });
    // g = 1 is a (seeded) Stripe OAuth connection: nothing to test with; g = 2 a GitHub one with no credentials
    expect(Object.fromEntries(done.failures.map((f) => [f.connection_id, f.code]))).toEqual({
      [s.id(1)]: "not_testable",
      [s.id(2)]: "refresh_failed",
    });
  });
});

describe("one pagination on every list", () => {
  it("api keys, brands and webhook endpoints answer { data, next_cursor } and page by cursor", async () => {
    const owner = await makeOwner();
    for (const name of ["B", "C"])
      await db.brand.create({
        data: { id: `brand_${crypto.randomBytes(6).toString("hex")}`, teamId: owner.teamId, name },
      });
    for (let i = 0; i < 3; i += 1) await makeApiKey(owner, ["connections:read"]);
    for (const [route, path, n] of [
      [brandsRoute.GET, "/api/v1/brands", 3],
      [apiKeysRoute.GET, "/api/v1/api-keys", 3],
      [endpointsRoute.GET, "/api/v1/webhook-endpoints", 0],
    ] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await call(route, {
          cookie: owner.cookie,
          path: `${path}?limit=2${cursor ? `&cursor=${cursor}` : ""}`,
        });
        expect(res.status, `${path} ${res.text}`).toBe(200);
        expect(Object.keys(res.json).sort(), path).toEqual(["data", "next_cursor"]);
        seen.push(...(res.json.data as { id: string }[]).map((r) => r.id));
        cursor = res.json.next_cursor as string | null;
      } while (cursor);
      expect(seen, path).toHaveLength(n);
      expect(new Set(seen).size, path).toBe(n);
      const bad = await call(route, { cookie: owner.cookie, path: `${path}?cursor=nope` });
      expect(bad.status, path).toBe(422);
    }
    // brands stay oldest first: the first is the team's default
    const brands = await call(brandsRoute.GET, { cookie: owner.cookie, path: "/api/v1/brands" });
    expect((brands.json.data as { name: string }[]).map((b) => b.name).slice(1)).toEqual(["B", "C"]);
  });
});
