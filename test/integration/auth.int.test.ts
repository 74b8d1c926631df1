import { describe, expect, it } from "vitest";
import * as meRoute from "@/app/api/v1/me/route";
import { SIGN_IN_LIMITS, verifyCredentials } from "@/lib/auth/auth-options";
import { AppError } from "@/lib/errors";
import { makeOwner, PASSWORD, sessionCookie } from "../factories";
import { call } from "../http";

describe("sign-in", () => {
  it("accepts the right password only, and stops after too many attempts per e-mail", async () => {
    const owner = await makeOwner();
    const ip = `10.0.0.${Math.floor(Math.random() * 250)}`;
    expect(await verifyCredentials(owner.email, PASSWORD, ip)).toMatchObject({ id: owner.userId });
    expect(await verifyCredentials(owner.email, "wrong password!", ip)).toBeNull();
    expect(await verifyCredentials("nobody@example.test", PASSWORD, ip)).toBeNull();
    let limited = false;
    for (let i = 0; i < SIGN_IN_LIMITS.perEmailIp.limit + 1; i++) {
      try {
        await verifyCredentials(owner.email, "wrong password!", ip);
      } catch (err) {
        limited = err instanceof AppError && err.code === "rate_limited";
        break;
      }
    }
    expect(limited).toBe(true);
    // even the right password is refused while limited
    await expect(verifyCredentials(owner.email, PASSWORD, ip)).rejects.toThrow();
  });

  it("a session cookie signed with another secret, or for a deleted user, is 401", async () => {
    const owner = await makeOwner();
    const good = await call(meRoute.GET, { cookie: owner.cookie });
    expect(good.status).toBe(200);
    expect(good.json).toMatchObject({ actor: "user", role: "owner" });
    const forged = owner.cookie.replace(
      /session-token=[^;]+/,
      "session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..x.y.z",
    );
    expect((await call(meRoute.GET, { cookie: forged })).status).toBe(401);
    expect((await call(meRoute.GET, { cookie: await sessionCookie("no-such-user") })).status).toBe(401);
  });
});
