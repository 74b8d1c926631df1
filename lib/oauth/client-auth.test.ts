import { afterEach, describe, expect, it } from "vitest";
import { startFake, sendJson, type FakeHandle } from "@/e2e/fixtures/fake-providers/base";
import { basicClientAuth, formUrlEncode } from "@/lib/oauth/client-auth";
import { hookContext, requestTokens } from "@/lib/oauth/token-request";
import { setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import { getProvider } from "@/lib/providers/registry";

const ID = "client id:1";
const SECRET = "s3cr!t~'()* +/=é";

let fake: FakeHandle | undefined;
afterEach(async () => {
  setOutboundPolicyForTests(undefined);
  await fake?.close();
});

describe("finding 10: RFC 6749 §2.3.1 form-urlencoding in HTTP Basic client auth", () => {
  it("form-urlencodes the client id and secret before joining them", () => {
    expect(formUrlEncode(SECRET)).toBe("s3cr%21t%7E%27%28%29*+%2B%2F%3D%C3%A9");
    const decoded = Buffer.from(basicClientAuth(ID, SECRET).slice("Basic ".length), "base64").toString();
    expect(decoded).toBe("client+id%3A1:s3cr%21t%7E%27%28%29*+%2B%2F%3D%C3%A9");
  });

  it("is what the token request sends", async () => {
    fake = await startFake((req, res) => sendJson(res, 200, { access_token: "at", token_type: "Bearer" }));
    setOutboundPolicyForTests({ allowPrivate: true });
    const provider = getProvider("sandbox")!;
    const app = { source: "team" as const, clientId: ID, clientSecret: SECRET, settings: {} };
    const ctx = hookContext(provider, app, { issuer: fake.url });
    await requestTokens(ctx, { grant_type: "refresh_token", refresh_token: "rt" }, { afterToken: false });
    expect(fake.requests[0]?.headers.authorization).toBe(basicClientAuth(ID, SECRET));
    expect(fake.requests[0]?.headers.authorization).not.toBe(
      `Basic ${Buffer.from(`${encodeURIComponent(ID)}:${encodeURIComponent(SECRET)}`).toString("base64")}`,
    );
  });
});
