// Finding 4: throttling that could be bypassed (a forged X-Forwarded-For bought a fresh bucket) or turned against
// the account owner (ten bad passwords from anyone locked the owner out), and server actions with no limit at all.
// Each case says what must not happen. Requests carry X-Forwarded-For as the running server delivers it: whatever
// the client sent, then the socket peer appended by lib/http/stamp-socket-address.ts.
import crypto from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SIGN_IN_LIMITS, verifyCredentials } from "@/lib/auth/auth-options";
import { defineRoute } from "@/lib/http/define-route";
import { AppError } from "@/lib/errors";
import { makeOwner, PASSWORD } from "../factories";
import { call } from "../http";

// Server actions read the request through next/headers; outside a Next.js request that module has no request,
// so it is given the one this test sends (our own code runs unchanged).
const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => {
  const jar = () => {
    const all = (request.headers.get("cookie") ?? "")
      .split(";")
      .map((c) => c.trim())
      .filter(Boolean)
      .map((c) => ({ name: c.slice(0, c.indexOf("=")), value: c.slice(c.indexOf("=") + 1) }));
    return {
      getAll: () => all,
      get: (name: string) => all.find((c) => c.name === name),
      set: () => undefined,
      delete: () => undefined,
    };
  };
  return { headers: async () => request.headers, cookies: async () => jar() };
});

const randomIp = () => `198.51.${crypto.randomInt(0, 255)}.${crypto.randomInt(1, 255)}`;
const forged = () => `${crypto.randomInt(1, 223)}.${crypto.randomInt(0, 255)}.0.${crypto.randomInt(1, 255)}`;

async function attempt(email: string, password: string, ip: string) {
  try {
    return { user: await verifyCredentials(email, password, ip), limited: null };
  } catch (err) {
    if (err instanceof AppError && err.code === "rate_limited")
      return { user: null, limited: err.details as { retry_after: number } };
    throw err;
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe("finding 4: throttling", () => {
  it("4.1 a forged X-Forwarded-For does not buy a fresh bucket on a public route", async () => {
    const route = defineRoute({ auth: "public", rateLimit: { limit: 3, windowSec: 600 } }, async () => ({
      ok: 1,
    }));
    const path = `/api/test-limit-${crypto.randomBytes(4).toString("hex")}`;
    const peer = randomIp();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await call(route, { path, headers: { "x-forwarded-for": `${forged()}, ${peer}` } });
      statuses.push(res.status);
    }
    // must not: every forged value counted as a new client (the old key was the whole header)
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    // another client (another socket peer) is unaffected
    expect((await call(route, { path, headers: { "x-forwarded-for": randomIp() } })).status).toBe(200);
  });

  it("4.2 a 429 carries Retry-After and the RateLimit-* fields; successes carry what is left", async () => {
    const route = defineRoute({ auth: "public", rateLimit: { limit: 2, windowSec: 600 } }, async () => ({
      ok: 1,
    }));
    const path = `/api/test-limit-${crypto.randomBytes(4).toString("hex")}`;
    const headers = { "x-forwarded-for": randomIp() };
    const first = await call(route, { path, headers });
    expect(first.headers.get("ratelimit-limit")).toBe("2");
    expect(first.headers.get("ratelimit-remaining")).toBe("1");
    await call(route, { path, headers });
    const limited = await call(route, { path, headers });
    expect(limited.status).toBe(429);
    expect(limited.json.error).toMatchObject({ code: "rate_limited" });
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect(limited.headers.get("ratelimit-limit")).toBe("2");
    expect(limited.headers.get("ratelimit-remaining")).toBe("0");
    expect(limited.headers.get("ratelimit-reset")).toBe(String(retryAfter));
    expect(limited.headers.get("ratelimit-policy")).toBe("2;w=600");
    expect(limited.json.error?.details).toEqual({ retry_after: retryAfter });
  });

  it("4.3 100 bad attempts from one address do not lock another address out of the same account", async () => {
    const owner = await makeOwner();
    const attacker = randomIp();
    for (let i = 0; i < 100; i++) await attempt(owner.email, "wrong password!", attacker);
    // the attacker's address is stopped for this account, even with the right password …
    expect((await attempt(owner.email, PASSWORD, attacker)).limited).not.toBeNull();
    // … but must not: the owner, elsewhere, refused
    const owners = await attempt(owner.email, PASSWORD, randomIp());
    expect(owners.limited).toBeNull();
    expect(owners.user).toMatchObject({ id: owner.userId });
  });

  it("4.4 a third party hammering an e-mail from many addresses slows it down, never hard-locks the owner", async () => {
    // Start at the beginning of a 15-minute window so that no window boundary falls inside the test.
    const windowMs = SIGN_IN_LIMITS.emailSlowDown.windowSec * 1000;
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Math.ceil(Date.now() / windowMs) * windowMs + 1000);
    const owner = await makeOwner();
    const perAddress = SIGN_IN_LIMITS.perEmailIp.limit;
    const addresses = Math.ceil((SIGN_IN_LIMITS.emailSlowDown.freeFailures + 10) / perAddress);
    for (let a = 0; a < addresses; a++) {
      const ip = randomIp();
      for (let i = 0; i < perAddress + 5; i++) await attempt(owner.email, "wrong password!", ip);
    }
    // the e-mail is now slowed down for everyone: one attempt per interval (the probe takes this interval's)
    await attempt(owner.email, "wrong password!", randomIp());
    const ownerIp = randomIp();
    const first = await attempt(owner.email, PASSWORD, ownerIp);
    // a required wait, told to the user, and short — must not: the 15-minute lock of a hard limit
    expect(first.user).toBeNull();
    expect(first.limited?.retry_after).toBeGreaterThan(0);
    expect(first.limited?.retry_after).toBeLessThanOrEqual(SIGN_IN_LIMITS.emailSlowDown.maxDelaySec);
    vi.setSystemTime(Date.now() + (first.limited!.retry_after + 1) * 1000);
    const after = await attempt(owner.email, PASSWORD, ownerIp);
    expect(after.limited).toBeNull();
    expect(after.user).toMatchObject({ id: owner.userId });
  });

  it("4.5 server actions are rate limited, and say so in the error shape", async () => {
    const { refreshConnectionAction } = await import("@/lib/connections/actions");
    const owner = await makeOwner();
    request.headers = new Headers({ cookie: owner.cookie, "x-forwarded-for": randomIp() });
    const codes: string[] = [];
    for (let i = 0; i < 21; i++) {
      const res = await refreshConnectionAction({ id: `conn_missing_${i}` });
      codes.push(res.ok ? "ok" : res.error.code);
    }
    // must not: an unlimited stream of provider refreshes from one user
    expect(codes.slice(0, 20).every((c) => c === "not_found")).toBe(true);
    const last = await refreshConnectionAction({ id: "conn_missing" });
    expect(last).toMatchObject({ ok: false, error: { code: "rate_limited" } });
    const details = (last as { error: { details: { retry_after: number } } }).error.details;
    expect(details.retry_after).toBeGreaterThan(0);
  });
});
