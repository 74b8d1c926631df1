// Slack tools against the fake Slack Web API (e2e/fixtures/fake-providers/slack-api.ts) over HTTP, through the real
// proxy core and the real tools route: channels across cursor pages, Slack's HTTP-200 `ok: false` surfaced as a
// tool error with Slack's code, a 429 retried after Retry-After, missing OAuth scopes refused before any request,
// and post_message — the one write tool — refused for an API key without tools:write (nothing posted).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SLACK_CHANNELS, startFakeSlackApi, type FakeSlackApiHandle } from "@/e2e/fixtures/fake-providers";
import { setOutboundHostMapForTests, setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import { closeProxyAgentsForTests } from "@/lib/proxy/agent";
import { resetThrottleForTests } from "@/lib/proxy/throttle";
import { makeToolConnection, postTool, run, runError, toolTeam, type TToolTeam } from "../tool-fixtures";

const FULL = "xoxb-1111111111111-2222222222222-fullScopesTokenAbcdef";
const NO_GROUPS = "xoxb-1111111111111-2222222222222-noGroupsTokenAbcdefg";
const GRANTED = ["channels:read", "groups:read", "chat:write", "users:read"];

let fake: FakeSlackApiHandle;
beforeEach(async () => {
  setOutboundPolicyForTests({ allowPrivate: true });
  resetThrottleForTests();
  fake = await startFakeSlackApi({
    tokens: { [FULL]: GRANTED, [NO_GROUPS]: ["channels:read", "chat:write"] },
    channels: SLACK_CHANNELS,
    pageCap: 2,
  });
  setOutboundHostMapForTests({ "slack.com": fake.url });
});
afterEach(async () => {
  setOutboundPolicyForTests(undefined);
  setOutboundHostMapForTests(undefined);
  await closeProxyAgentsForTests();
  await fake.close();
});

function slack(team: TToolTeam, token = FULL, scopes = GRANTED) {
  return makeToolConnection(
    team,
    "slack",
    "oauth2",
    { type: "oauth2", access_token: token, extra: {} },
    { scopes },
  );
}
const listCalls = () => fake.requestsTo("/api/conversations.list");

describe("slack.list_channels", () => {
  it("reads every cursor page (pages of 2) until next_cursor is empty; archived ones left out by default", async () => {
    const team = await toolTeam();
    const id = await slack(team);
    const data = (await run(team, id, "slack.list_channels", {})).data as {
      channels: { id: string; name: string; is_member: boolean; members: number | null }[];
      count: number;
      partial: boolean;
      pages: number;
    };
    expect(data.channels.map((c) => c.name)).toEqual(["general", "deploys", "random", "alerts"]);
    expect(data).toMatchObject({ count: 4, partial: false, pages: 2 });
    expect(data.channels.find((c) => c.name === "random")!.is_member).toBe(false);
    const calls = listCalls();
    expect(calls).toHaveLength(2);
    expect(calls[0]!.query).toMatchObject({
      types: "public_channel",
      exclude_archived: "true",
      limit: "200",
    });
    expect(calls[0]!.query.cursor).toBeUndefined();
    expect(calls[1]!.query.cursor).toEqual(expect.any(String));
    expect(calls[0]!.headers.authorization).toBe(`Bearer ${FULL}`);

    const all = (
      await run(team, id, "slack.list_channels", { include_archived: true, include_private: true })
    ).data as {
      count: number;
      pages: number;
    };
    expect(all).toMatchObject({ count: 6, pages: 3 });
  });

  it("Slack's HTTP 200 `ok: false` is a tool error naming Slack's code and the scope it needed", async () => {
    const team = await toolTeam();
    // The connection record claims groups:read, the token does not have it: Slack says so.
    const id = await slack(team, NO_GROUPS);
    const err = await runError(run(team, id, "slack.list_channels", { include_private: true }));
    expect(err).toMatchObject({ code: "bad_gateway", status: 502 });
    expect(err.message).toContain("missing_scope");
    expect(err.message).toContain("needed scope: groups:read");
    expect(err.details).toMatchObject({
      kind: "provider_error",
      provider_error: "missing_scope",
      needed_scope: "groups:read",
    });
  });

  it("a 429 with Retry-After is waited for and retried", async () => {
    const team = await toolTeam();
    const id = await slack(team);
    fake.setMode("429", 1);
    const data = (await run(team, id, "slack.list_channels", {})).data as { count: number };
    expect(data.count).toBe(4);
    expect(listCalls()).toHaveLength(3);
  });

  it("a connection not granted channels:read is refused before any request", async () => {
    const team = await toolTeam();
    const id = await slack(team, FULL, ["chat:write"]);
    const err = await runError(run(team, id, "slack.list_channels", {}));
    expect(err).toMatchObject({ code: "forbidden", status: 403 });
    expect(err.details).toMatchObject({ kind: "missing_scopes", missing_scopes: ["channels:read"] });
    expect(fake.requests).toHaveLength(0);
  });
});

describe("slack.post_message (write)", () => {
  it("posts with an API key that has tools:write, through the route", async () => {
    const team = await toolTeam(["tools:read", "tools:run", "tools:write"]);
    const id = await slack(team);
    const res = await postTool(team.key, id, "slack.post_message", {
      channel: "C0DEPLOYS1",
      text: "Deploy 42 is live",
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { channel: string; ts: string; thread_ts: string | null } };
    expect(body.data).toMatchObject({ channel: "C0DEPLOYS1", thread_ts: null });
    expect(fake.posted).toEqual([{ channel: "C0DEPLOYS1", text: "Deploy 42 is live", ts: body.data.ts }]);
    const call = fake.requestsTo("/api/chat.postMessage", "POST")[0]!;
    expect(JSON.parse(call.body)).toEqual({ channel: "C0DEPLOYS1", text: "Deploy 42 is live" });
  });

  it("an API key without tools:write is refused and nothing is sent to Slack", async () => {
    const team = await toolTeam(["tools:read", "tools:run"]);
    const id = await slack(team);
    const res = await postTool(team.key, id, "slack.post_message", { channel: "C0DEPLOYS1", text: "hello" });
    expect(res.status).toBe(403);
    const body = (await res.json()) as {
      error: { code: string; message: string; details: { missing_scopes: string[] } };
    };
    expect(body.error.code).toBe("forbidden");
    expect(body.error.details.missing_scopes).toEqual(["tools:write"]);
    expect(fake.requests).toHaveLength(0);
    expect(fake.posted).toHaveLength(0);
  });

  it("a connection not granted chat:write is refused before any request", async () => {
    const team = await toolTeam(["tools:read", "tools:run", "tools:write"]);
    const id = await slack(team, FULL, ["channels:read"]);
    const res = await postTool(team.key, id, "slack.post_message", { channel: "C0DEPLOYS1", text: "hello" });
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: { details: { kind: string; missing_scopes: string[] } } };
    expect(body.error.details).toMatchObject({ kind: "missing_scopes", missing_scopes: ["chat:write"] });
    expect(fake.requests).toHaveLength(0);
  });

  it("Slack's `not_in_channel` comes back as a tool error; nothing was posted", async () => {
    const team = await toolTeam(["tools:read", "tools:run", "tools:write"]);
    const id = await slack(team);
    const res = await postTool(team.key, id, "slack.post_message", { channel: "C0RANDOM01", text: "hello" });
    expect(res.status).toBe(502);
    const body = (await res.json()) as { error: { message: string; details: { provider_error: string } } };
    expect(body.error.message).toContain("not_in_channel");
    expect(body.error.message).toContain("invite");
    expect(body.error.details.provider_error).toBe("not_in_channel");
    expect(fake.posted).toHaveLength(0);
  });

  it("malformed input is a 422 with field paths, before any request", async () => {
    const team = await toolTeam(["tools:read", "tools:run", "tools:write"]);
    const id = await slack(team);
    const res = await postTool(team.key, id, "slack.post_message", { channel: "", thread_ts: "yesterday" });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { details: { issues: { path: string }[] } } };
    const paths = body.error.details.issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([expect.stringMatching(/channel$/), expect.stringMatching(/text$/)]),
    );
    expect(fake.requests).toHaveLength(0);
  });
});
