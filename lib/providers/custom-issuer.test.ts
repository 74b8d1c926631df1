// Finding 10: a discovered issuer is stored exactly as its metadata publishes it (trailing slash kept), because
// the RFC 9207 `iss` check compares strings exactly: Auth0-style issuers ("https://tenant.auth0.com/") would
// otherwise fail every callback.
import { afterEach, describe, expect, it } from "vitest";
import { sendJson, startFake, type FakeHandle } from "@/e2e/fixtures/fake-providers/base";
import { setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import { buildCustomDefinition, toProvider, ZCustomProviderInput } from "@/lib/providers/custom-provider";

let fake: FakeHandle | undefined;
afterEach(async () => {
  setOutboundPolicyForTests(undefined);
  await fake?.close();
});

describe("finding 10: discovered issuers are stored exactly as published", () => {
  it("keeps the trailing slash of a published issuer, and the provider expects exactly that iss", async () => {
    fake = await startFake((req, res) => {
      if (req.path !== "/.well-known/openid-configuration") return undefined;
      const base = fake!.url;
      return sendJson(res, 200, {
        issuer: `${base}/`,
        authorization_endpoint: `${base}/authorize`,
        token_endpoint: `${base}/oauth/token`,
        authorization_response_iss_parameter_supported: true,
        scopes_supported: ["openid", "offline_access"],
      });
    });
    setOutboundPolicyForTests({ allowPrivate: true });
    const input = ZCustomProviderInput.parse({
      slug: "slash-idp",
      name: "Slash IdP",
      issuer: fake.url, // typed without the slash: discovery still matches
      api_base_url: "https://api.example.com",
      client_id: "c",
      client_secret: "s",
    });
    const definition = await buildCustomDefinition(input);
    expect(definition.issuer).toBe(`${fake.url}/`);
    expect(toProvider("slash-idp", definition).oauth2?.issuer).toBe(`${fake.url}/`);
  });
});
