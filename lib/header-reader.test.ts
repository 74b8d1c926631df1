import { describe, expect, it } from "vitest";
import { nodeHeaders } from "./header-reader";

// The listener used to copy node's header object into a Headers; the view must answer what that copy answered.
function asHeaders(raw: Record<string, string | string[]>): Headers {
  const h = new Headers();
  for (const [name, value] of Object.entries(raw))
    for (const v of Array.isArray(value) ? value : [value]) h.append(name, v);
  return h;
}

describe("nodeHeaders", () => {
  const raw = {
    authorization: "Bearer pbk_x",
    "x-forwarded-for": "203.0.113.1, 10.0.0.1",
    "set-cookie": ["a=1", "b=2"],
    "x-list": ["one", "two"],
    accept: "application/json",
  };
  const view = nodeHeaders(raw);
  const web = asHeaders(raw);

  it("get and has answer as a Headers built from the same object, for any spelling of the name", () => {
    for (const name of [
      "authorization",
      "Authorization",
      "X-Forwarded-For",
      "set-cookie",
      "x-list",
      "missing",
    ]) {
      expect({ name, v: view.get(name) }).toEqual({ name, v: web.get(name) });
      expect({ name, v: view.has(name) }).toEqual({ name, v: web.has(name) });
    }
  });

  it("forEach yields the same pairs (Set-Cookie one by one, other repeats joined)", () => {
    const pairs = (h: { forEach(cb: (v: string, n: string) => void): void }) => {
      const out: string[] = [];
      h.forEach((v, n) => out.push(`${n}: ${v}`));
      return out.sort();
    };
    expect(pairs(view)).toEqual(pairs(web));
  });
});
