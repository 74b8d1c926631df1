import { describe, expect, it } from "vitest";
import { dashboardCookieOptions } from "@/lib/cookies";

describe("dashboard cookies (finding 10: pb_team / pb_brand Secure on https)", () => {
  it("are Secure when Patchbay is served over https, and HttpOnly + Lax always", () => {
    expect(dashboardCookieOptions({}, "https://patchbay.example.com")).toMatchObject({
      secure: true,
      httpOnly: true,
      sameSite: "lax",
      path: "/",
    });
    expect(dashboardCookieOptions({ maxAgeSec: 60 }, "http://localhost:3000")).toEqual({
      secure: false,
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      maxAge: 60,
    });
  });
});
