// Gorgias and Zendesk tools against their fakes (e2e/fixtures/fake-providers/support-apis.ts) over HTTP, through
// the real proxy core and a real database: lists across page boundaries (pages of 3 rows), the period's edges
// (a row just before `from`, one exactly at `to`), response times and CSAT against the figures computed by hand in
// ops-datasets.ts, the provider's error, a 429 retried after Retry-After, and a missing OAuth scope refused before
// any request.
import { describe, expect, it } from "vitest";
import {
  GORGIAS_DATA,
  GORGIAS_EXPECTED,
  OPS_PERIOD,
  ZENDESK_DATA,
  ZENDESK_EXPECTED,
  startFakeGorgias,
  startFakeZendesk,
  type FakeHandle,
} from "@/e2e/fixtures/fake-providers";
import { setOutboundHostMapForTests } from "@/lib/outbound/guarded-fetch";
import { makeToolConnection, run, runError, toolTeam, type TToolTeam } from "../tool-fixtures";
import { proxyTestHooks } from "../proxy-fixtures";

const GORGIAS_USER = { username: "ops@acme.test", password: "gorgias-api-key-0123456789" };
// Stored as the agent's e-mail; the proxy sends `{email}/token` (the catalog's basic.usernameTemplate).
const ZENDESK_USER = { username: "agent@acme.test", password: "zendesk-api-token-0123456789" };
const ZENDESK_OAUTH = "zendesk-oauth-token-0123456789abcdef";
const PERIOD = { from: OPS_PERIOD.from, to: OPS_PERIOD.to };

let fakes: FakeHandle[] = [];
proxyTestHooks(async () => {
  await Promise.all(fakes.map((f) => f.close()));
  fakes = [];
});

async function gorgias(team: TToolTeam) {
  const fake = await startFakeGorgias({ auth: { basic: [GORGIAS_USER] }, data: GORGIAS_DATA, pageCap: 3 });
  fakes.push(fake);
  setOutboundHostMapForTests({ "acme.gorgias.com": fake.url });
  const id = await makeToolConnection(
    team,
    "gorgias",
    "basic",
    { type: "basic", ...GORGIAS_USER },
    { params: { domain: "acme" } },
  );
  return { fake, id };
}

async function zendesk(team: TToolTeam, mode: "basic" | { scopes: string[] } = "basic") {
  const fake = await startFakeZendesk({
    auth: {
      basic: [{ username: `${ZENDESK_USER.username}/token`, password: ZENDESK_USER.password }],
      bearer: [ZENDESK_OAUTH],
    },
    data: ZENDESK_DATA,
    pageCap: 3,
  });
  fakes.push(fake);
  setOutboundHostMapForTests({ "acme.zendesk.com": fake.url });
  const id =
    mode === "basic"
      ? await makeToolConnection(
          team,
          "zendesk",
          "basic",
          { type: "basic", ...ZENDESK_USER },
          { params: { subdomain: "acme" } },
        )
      : await makeToolConnection(
          team,
          "zendesk",
          "oauth2",
          { type: "oauth2", access_token: ZENDESK_OAUTH, extra: {} },
          { params: { subdomain: "acme" }, scopes: mode.scopes },
        );
  return { fake, id };
}

describe("gorgias", () => {
  it("list_tickets: newest first across three pages of 3, stops at the page reaching before `from`; `to` is exclusive", async () => {
    const team = await toolTeam();
    const { fake, id } = await gorgias(team);
    const res = await run(team, id, "gorgias.list_tickets", PERIOD);
    const data = res.data as {
      tickets: { id: string; status: string; created_at: string }[];
      count: number;
      partial: boolean;
      pages: number;
    };
    expect(data.tickets.map((t) => t.id)).toEqual(GORGIAS_EXPECTED.ticketIdsInPeriod.map(String));
    expect(data.count).toBe(GORGIAS_EXPECTED.ticketsInPeriod);
    expect(data.partial).toBe(false);
    expect(data.pages).toBe(3);
    // Offset-less Gorgias datetimes are read as UTC.
    expect(data.tickets.find((t) => t.id === "101")!.created_at).toBe("2026-11-01T09:00:00.000Z");
    const calls = fake.requestsTo("/api/tickets");
    expect(calls).toHaveLength(3);
    expect(calls[0]!.query).toMatchObject({ limit: "100", order_by: "created_datetime:desc" });
    expect(calls[0]!.query.cursor).toBeUndefined();
    expect(calls[1]!.query.cursor).toEqual(expect.any(String));
    expect(calls[0]!.headers.authorization).toBe(
      `Basic ${Buffer.from(`${GORGIAS_USER.username}:${GORGIAS_USER.password}`).toString("base64")}`,
    );
  });

  it("list_tickets: status filter, and max_results cuts with partial: true", async () => {
    const team = await toolTeam();
    const { id } = await gorgias(team);
    const open = (await run(team, id, "gorgias.list_tickets", { ...PERIOD, status: "open" })).data as {
      tickets: { id: string }[];
    };
    expect(open.tickets.map((t) => t.id)).toEqual(["105", "103"]);
    const cut = (await run(team, id, "gorgias.list_tickets", { ...PERIOD, max_results: 2 })).data as {
      count: number;
      partial: boolean;
    };
    expect(cut).toMatchObject({ count: 2, partial: true });
  });

  it("response_times: median / p90 / mean against the hand-computed figures (internal note ignored, one ticket never answered)", async () => {
    const team = await toolTeam();
    const { fake, id } = await gorgias(team);
    const data = (await run(team, id, "gorgias.response_times", PERIOD)).data as Record<string, unknown>;
    const e = GORGIAS_EXPECTED;
    expect(data.tickets).toBe(e.ticketsInPeriod);
    expect(data.first_response).toEqual({
      count: e.firstResponse.answered,
      missing: e.firstResponse.unanswered,
      median_minutes: e.firstResponse.medianMinutes,
      p90_minutes: e.firstResponse.p90Minutes,
      mean_minutes: e.firstResponse.meanMinutes,
    });
    expect(data.resolution).toEqual({
      count: e.resolution.resolved,
      missing: e.resolution.unresolved,
      median_minutes: e.resolution.medianMinutes,
      p90_minutes: e.resolution.p90Minutes,
      mean_minutes: e.resolution.meanMinutes,
    });
    // Messages read for each ticket of the period (102 has 4: two pages of 3), none for the tickets outside it.
    const read = fake
      .requestsTo(/^\/api\/tickets\/\d+\/messages$/)
      .map((r) => Number(/(\d+)/.exec(r.path)![1]));
    expect(read.sort()).toEqual([101, 102, 102, 103, 104, 105, 106]);
  });

  it("csat: good (4–5) / (good + bad) over surveys scored in the period; unrated surveys counted apart", async () => {
    const team = await toolTeam();
    const { fake, id } = await gorgias(team);
    const data = (await run(team, id, "gorgias.csat", PERIOD)).data as Record<string, unknown>;
    const e = GORGIAS_EXPECTED.csat;
    expect(data).toMatchObject({
      good: e.good,
      bad: e.bad,
      rated: e.rated,
      unrated: e.unrated,
      distribution: e.distribution,
      partial: false,
    });
    expect(data.csat).toBeCloseTo(e.csat, 12);
    expect(fake.requestsTo("/api/satisfaction-surveys").length).toBe(4); // 10 surveys, pages of 3
  });

  it("a provider error is a tool error with Gorgias' status", async () => {
    const team = await toolTeam();
    const { fake, id } = await gorgias(team);
    fake.setMode("500", 1);
    const err = await runError(run(team, id, "gorgias.list_tickets", PERIOD));
    expect(err).toMatchObject({ code: "bad_gateway", status: 502 });
    expect(err.message).toBe("gorgias answered 500: Internal server error");
    expect(err.details).toMatchObject({ kind: "provider_error", provider_status: 500 });
  });

  it("a 429 with Retry-After is waited for and retried; the answer is whole", async () => {
    const team = await toolTeam();
    const { fake, id } = await gorgias(team);
    fake.setMode("429", 1);
    const data = (await run(team, id, "gorgias.list_tickets", PERIOD)).data as { count: number };
    expect(data.count).toBe(GORGIAS_EXPECTED.ticketsInPeriod);
    const calls = fake.requestsTo("/api/tickets");
    expect(calls).toHaveLength(4); // the refused first page, then three pages
  });
});

describe("zendesk", () => {
  it("list_tickets: four cursor pages of 3 (page[after] from meta.after_cursor), the period kept, `to` exclusive", async () => {
    const team = await toolTeam();
    const { fake, id } = await zendesk(team);
    const data = (await run(team, id, "zendesk.list_tickets", PERIOD)).data as {
      tickets: { id: string; status: string }[];
      count: number;
      partial: boolean;
      pages: number;
    };
    expect(data.tickets.map((t) => t.id)).toEqual(["201", "202", "203", "204", "205", "206", "207", "208"]);
    expect(data).toMatchObject({ count: ZENDESK_EXPECTED.ticketsInPeriod, partial: false, pages: 4 });
    const calls = fake.requestsTo(/^\/api\/v2\/tickets(\.json)?$/);
    expect(calls).toHaveLength(4);
    expect(calls[0]!.query).toEqual({ "page[size]": "100" });
    expect(calls[1]!.query["page[after]"]).toEqual(expect.any(String));
    const onlyOpen = (await run(team, id, "zendesk.list_tickets", { ...PERIOD, status: "open" })).data as {
      tickets: { id: string }[];
    };
    expect(onlyOpen.tickets.map((t) => t.id)).toEqual(["206"]);
  });

  it("response_times: reply and full-resolution minutes against the hand-computed figures (one never answered)", async () => {
    const team = await toolTeam();
    const { fake, id } = await zendesk(team);
    const data = (await run(team, id, "zendesk.response_times", PERIOD)).data as {
      tickets: number;
      first_response: Record<string, number>;
      resolution: Record<string, number>;
      pages: number;
    };
    const e = ZENDESK_EXPECTED;
    expect(data.tickets).toBe(e.ticketsInPeriod);
    expect(data.first_response).toEqual({
      count: e.firstResponse.answered,
      missing: e.firstResponse.unanswered,
      median_minutes: e.firstResponse.medianMinutes,
      p90_minutes: e.firstResponse.p90Minutes,
      mean_minutes: Math.round(e.firstResponse.meanMinutes * 100) / 100,
    });
    expect(data.resolution).toEqual({
      count: e.resolution.resolved,
      missing: e.resolution.unresolved,
      median_minutes: e.resolution.medianMinutes,
      p90_minutes: e.resolution.p90Minutes,
      mean_minutes: e.resolution.meanMinutes,
    });
    expect(data.pages).toBe(4);
    expect(fake.requestsTo(/^\/api\/v2\/ticket_metrics(\.json)?$/)).toHaveLength(4);
  });

  it("csat: good / (good + bad) over ratings answered in the period; offered-but-unanswered counted apart", async () => {
    const team = await toolTeam();
    const { fake, id } = await zendesk(team);
    const data = (await run(team, id, "zendesk.csat", PERIOD)).data as Record<string, unknown>;
    const e = ZENDESK_EXPECTED.csat;
    expect(data).toMatchObject({ good: e.good, bad: e.bad, rated: e.rated, unrated: e.unrated });
    expect(data.csat).toBeCloseTo(e.csat, 12);
    const first = fake.requestsTo(/^\/api\/v2\/satisfaction_ratings(\.json)?$/)[0]!;
    expect(first.query).toMatchObject({
      start_time: String(Date.parse(OPS_PERIOD.from) / 1000),
      end_time: String(Date.parse(OPS_PERIOD.to) / 1000),
    });
  });

  it("an OAuth connection without the `read` scope is refused before any request", async () => {
    const team = await toolTeam();
    const { fake, id } = await zendesk(team, { scopes: ["users:read"] });
    const err = await runError(run(team, id, "zendesk.response_times", PERIOD));
    expect(err).toMatchObject({ code: "forbidden", status: 403 });
    expect(err.details).toMatchObject({ kind: "missing_scopes", missing_scopes: ["read"] });
    expect(fake.requests).toHaveLength(0);
  });

  it("with the scope, the OAuth connection works (bearer token)", async () => {
    const team = await toolTeam();
    const { fake, id } = await zendesk(team, { scopes: ["read"] });
    const data = (await run(team, id, "zendesk.csat", PERIOD)).data as { good: number };
    expect(data.good).toBe(ZENDESK_EXPECTED.csat.good);
    expect(fake.requests[0]!.headers.authorization).toBe(`Bearer ${ZENDESK_OAUTH}`);
  });

  it("a provider error is a tool error with Zendesk's own description", async () => {
    const team = await toolTeam();
    const { fake, id } = await zendesk(team);
    fake.setMode("500", 1);
    const err = await runError(run(team, id, "zendesk.list_tickets", PERIOD));
    expect(err).toMatchObject({ code: "bad_gateway", status: 502 });
    expect(err.message).toBe("zendesk answered 500: Something went wrong");
  });

  it("a 429 with Retry-After is waited for and retried", async () => {
    const team = await toolTeam();
    const { fake, id } = await zendesk(team);
    fake.setMode("429", 1);
    const data = (await run(team, id, "zendesk.response_times", PERIOD)).data as { tickets: number };
    expect(data.tickets).toBe(ZENDESK_EXPECTED.ticketsInPeriod);
    expect(fake.requestsTo(/^\/api\/v2\/ticket_metrics(\.json)?$/)).toHaveLength(5);
  });

  it("a period with `from` after `to` is refused as invalid input before any request", async () => {
    const team = await toolTeam();
    const { fake, id } = await zendesk(team);
    const err = await runError(run(team, id, "zendesk.csat", { from: OPS_PERIOD.to, to: OPS_PERIOD.from }));
    expect(err).toMatchObject({ code: "validation_failed", status: 422 });
    expect(fake.requests).toHaveLength(0);
  });
});
