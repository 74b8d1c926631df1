// What the hook accepts from outside (a message, a status answer, a return query, a URL) — and what it refuses.
import { describe, expect, it } from "vitest";
import { inspectUrl, parseMessage, parseReturnQuery, parseStatus, sessionStatusPoll } from "./protocol.ts";

const token = `cs1_${"a".repeat(43)}`;

describe("@patchbay/react protocol", () => {
  it("accepts the callback's message only in its documented shape, for the expected grant", () => {
    const msg = { type: "patchbay:oauth", grant_id: "grant_1", status: "connected", connection_id: "conn_1", provider: "sandbox" };
    expect(parseMessage(msg, "grant_1")).toEqual({ status: "connected", connectionId: "conn_1", provider: "sandbox" });
    expect(parseMessage(msg, null)).toMatchObject({ status: "connected" }); // a session: the grant is not known
    expect(parseMessage(msg, "grant_2")).toBeNull();
    expect(parseMessage({ ...msg, type: "other" }, null)).toBeNull();
    expect(parseMessage({ ...msg, status: "pending" }, null)).toBeNull();
    expect(parseMessage({ ...msg, connection_id: 42 }, null)).toBeNull();
    expect(parseMessage("patchbay:oauth", null)).toBeNull();
    expect(
      parseMessage({ type: "patchbay:oauth", status: "failed", error: { code: "access_denied", description: "No." } }, null),
    ).toEqual({ status: "failed", error: { code: "access_denied", message: "No." } });
  });

  it("normalises both status endpoints (grant: error.description, session: error.message)", () => {
    expect(parseStatus({ status: "pending" })).toEqual({ status: "pending" });
    expect(parseStatus({ status: "pending", in_progress: false })).toEqual({ status: "pending" });
    expect(parseStatus({ status: "pending", in_progress: true })).toEqual({ status: "pending", inProgress: true });
    expect(parseStatus({ status: "pending", in_progress: "yes" })).toEqual({ status: "pending" });
    expect(parseStatus({ status: "expired", error: null })).toEqual({
      status: "expired",
      error: { code: "expired", message: "The connect link expired." },
    });
    expect(parseStatus({ status: "failed", error: { code: "user_cancelled", message: "The user cancelled." } })).toEqual({
      status: "failed",
      error: { code: "user_cancelled", message: "The user cancelled." },
    });
    expect(parseStatus({ status: "connected", connection_id: null })).toBeNull();
    expect(parseStatus(null)).toBeNull();
  });

  it("reads a redirect's return query", () => {
    expect(parseReturnQuery(new URLSearchParams("status=success&connection_id=conn_9&provider=sandbox"))).toEqual({
      status: "connected",
      connectionId: "conn_9",
      provider: "sandbox",
    });
    expect(parseReturnQuery(new URLSearchParams("status=error&error=user_cancelled"))).toMatchObject({
      status: "failed",
      error: { code: "user_cancelled" },
    });
    expect(parseReturnQuery(new URLSearchParams("status=success"))).toBeNull();
    expect(parseReturnQuery(new URLSearchParams(""))).toBeNull();
  });

  it("tells a session URL from a grant URL, and refuses what is not http(s)", () => {
    expect(inspectUrl(`https://pb.example/connect/${token}`)).toEqual({
      origin: "https://pb.example",
      sessionToken: token,
      grantId: null,
    });
    expect(inspectUrl("https://pb.example/oauth/authorize/grant_abc?t=x")).toMatchObject({ grantId: "grant_abc" });
    expect(inspectUrl("javascript:alert(1)")).toBeNull();
    expect(inspectUrl("not a url")).toBeNull();
    // the token goes in a header, never the URL
    const poll = sessionStatusPoll("https://pb.example", token);
    expect(poll.url).not.toContain(token);
    expect(poll.headers).toEqual({ "x-connect-session-token": token });
  });
});
