import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  startFakeKlaviyo,
  startFakePostHog,
  startFakeStripe,
  type FakeKlaviyoHandle,
  type FakePostHogHandle,
  type FakeStripeHandle,
} from "@/e2e/fixtures/fake-providers/api-key-providers";
import { AppError } from "@/lib/errors";
import { toAppError } from "@/lib/http/to-error-response";
import { setOutboundHostMapForTests, setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import { getProvider } from "@/lib/providers/registry";
import type { TProvider } from "@/lib/providers/schemas";
import { verifyCredential, type TCredentialInput } from "./verify-credential";

// ---------------------------------------------------------------------------------------------------------
// A tiny recording server for providers without a shared fake (Zendesk, Vercel, Railway)
// ---------------------------------------------------------------------------------------------------------

type TSeen = {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
};
type TLocalServer = { url: string; seen: TSeen[]; close(): Promise<void> };
type TReply = { status: number; json: unknown };

async function startServer(reply: (req: TSeen) => TReply): Promise<TLocalServer> {
  const seen: TSeen[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://local");
      const entry: TSeen = {
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      seen.push(entry);
      const { status, json } = reply(entry);
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function basicAuth(header: string | undefined): { username: string; password: string } | undefined {
  const m = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? "");
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], "base64").toString("utf8");
  const i = decoded.indexOf(":");
  return i < 0 ? undefined : { username: decoded.slice(0, i), password: decoded.slice(i + 1) };
}

// ---------------------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------------------

const STRIPE_KEY = "sk_test_51AbCdEfGhIjKlMnOpQrStUv";
const STRIPE_BAD_KEY = "sk_test_51ZyXwVuTsRqPoNmLkJiHgFe";
const KLAVIYO_KEY = "pk_0123456789abcdefghijABCDEFGHIJ";
const POSTHOG_KEY = "phx_0123456789abcdefghijABCDEFGHIJ";
const ZENDESK_TOKEN = "zdTok3nAbCdEfGhIjKlMnOpQrStUvWx";
const ZENDESK_EMAIL = "agent@acme.example";
const VERCEL_ECHO_KEY = "vcEchoToken0123456789abcdefghijKLMN";
const RAILWAY_KEY = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

function provider(slug: string): TProvider {
  const p = getProvider(slug);
  if (!p) throw new Error(`no provider ${slug}`);
  return p;
}

const apiKey = (key: string): TCredentialInput => ({ type: "api_key", api_key: key });

/** Runs `fn`, expects an error the edge answers as an AppError (domain errors mapped as every endpoint does). */
async function appError(fn: () => Promise<unknown>): Promise<AppError> {
  try {
    await fn();
  } catch (err) {
    const known = toAppError(err);
    if (known) return known;
    throw err;
  }
  throw new Error("expected an AppError");
}

/** Everything a client could see of an error. */
const visible = (err: AppError): string => JSON.stringify(err.toBody());

let stripe: FakeStripeHandle;
let klaviyo: FakeKlaviyoHandle;
let posthog: FakePostHogHandle;
let zendesk: TLocalServer;
let vercelEcho: TLocalServer;
let railway: TLocalServer;

/** How the Vercel stand-in answers: echo the key back in full, in part, upper-cased, or inside a 200. */
let echoStyle: "full" | "partial" | "upper" | "in_identity" = "full";

beforeAll(async () => {
  stripe = await startFakeStripe({ validKeys: [STRIPE_KEY] });
  klaviyo = await startFakeKlaviyo({ validKeys: [KLAVIYO_KEY], organizationName: "Acme Klaviyo" });
  posthog = await startFakePostHog({ validKeys: [POSTHOG_KEY], email: "jane@acme.example" });

  // Mimics Zendesk's /api/v2/users/me.json: 401 for bad credentials, 200 with an anonymous user (id null)
  // when there are none, the agent otherwise.
  zendesk = await startServer((req) => {
    if (req.path !== "/api/v2/users/me.json") return { status: 404, json: { error: "InvalidEndpoint" } };
    const creds = basicAuth(req.headers.authorization);
    const anonymous = {
      user: { id: null, name: "Anonymous user", email: "invalid@example.com", role: "end-user" },
    };
    if (!creds || creds.password === "anonymous-please") return { status: 200, json: anonymous };
    if (creds.username !== `${ZENDESK_EMAIL}/token` || creds.password !== ZENDESK_TOKEN) {
      return { status: 401, json: { error: "Couldn't authenticate you" } };
    }
    return {
      status: 200,
      json: { user: { id: 3543, name: "Agent Smith", email: ZENDESK_EMAIL, role: "admin" } },
    };
  });

  // A careless provider that quotes the token it was sent.
  vercelEcho = await startServer((req) => {
    const key = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
    switch (echoStyle) {
      case "full":
        return {
          status: 403,
          json: { error: { code: "forbidden", message: `The token ${key} is not valid` } },
        };
      case "partial":
        return { status: 401, json: { message: `Unknown token '${key.slice(3, 27)}...'` } };
      case "upper":
        return { status: 401, json: { error: `INVALID TOKEN ${key.toUpperCase()}` } };
      case "in_identity":
        return { status: 200, json: { user: { id: "usr_1", name: key, email: "dev@acme.example" } } };
    }
  });

  // Railway's GraphQL endpoint answers 200 with `errors` for a bad token.
  railway = await startServer((req) => {
    const ok = req.headers.authorization === `Bearer ${RAILWAY_KEY}`;
    return ok
      ? {
          status: 200,
          json: { data: { me: { id: "user_rw1", name: "Rail Way", email: "rw@acme.example" } } },
        }
      : { status: 200, json: { errors: [{ message: "Not Authorized" }], data: { me: null } } };
  });

  setOutboundPolicyForTests({ allowPrivate: true });
  routeHosts();
});

/** Real provider hosts → the local fakes, plus per-test overrides. */
function routeHosts(overrides: Record<string, string> = {}): void {
  setOutboundHostMapForTests({
    "api.stripe.com": stripe.url,
    "a.klaviyo.com": klaviyo.url,
    "us.posthog.com": posthog.url,
    "eu.posthog.com": posthog.url,
    "*.zendesk.com": zendesk.url,
    "api.vercel.com": vercelEcho.url,
    "backboard.railway.com": railway.url,
    ...overrides,
  });
}

afterEach(() => {
  routeHosts();
  stripe.setMode("ok");
  klaviyo.setMode("ok");
  posthog.setMode("ok");
  setOutboundPolicyForTests({ allowPrivate: true });
});

afterAll(async () => {
  setOutboundHostMapForTests(undefined);
  setOutboundPolicyForTests(undefined);
  await Promise.all([stripe, klaviyo, posthog, zendesk, vercelEcho, railway].map((s) => s.close()));
});

// ---------------------------------------------------------------------------------------------------------
// API keys
// ---------------------------------------------------------------------------------------------------------

describe("verifyCredential — Stripe (bearer)", () => {
  it("returns the account's identity for a valid key, sending it as a bearer token with the pinned version", async () => {
    const before = stripe.requests.length;
    const result = await verifyCredential(provider("stripe"), {}, apiKey(STRIPE_KEY));
    expect(result.identity).toEqual({
      id: stripe.account.id,
      name: "Acme Inc",
      email: "owner@acme.example",
    });
    expect(typeof result.metadata.verified_at).toBe("string");
    const sent = stripe.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.headers.authorization).toBe(`Bearer ${STRIPE_KEY}`);
    expect(sent[0]?.headers["stripe-version"]).toBe("2025-03-31.basil");
    expect(sent[0]?.headers["x-patchbay-original-host"]).toBe("api.stripe.com");
  });

  it("rejects an invalid key with 422 and Stripe's masked message, never the key", async () => {
    const err = await appError(() => verifyCredential(provider("stripe"), {}, apiKey(STRIPE_BAD_KEY)));
    expect(err.status).toBe(422);
    expect(err.code).toBe("validation_failed");
    expect(err.message).toMatch(/^Stripe rejected the API key: Invalid API Key provided: sk_test_\*+HgFe\.$/);
    expect(err.details).toMatchObject({ provider_status: 401 });
    expect(visible(err)).not.toContain(STRIPE_BAD_KEY);
  });

  it("refuses a key of the wrong shape with 422 before any request", async () => {
    const before = stripe.requests.length;
    const err = await appError(() => verifyCredential(provider("stripe"), {}, apiKey("pk_live_nope")));
    expect(err.status).toBe(422);
    expect(err.details).toEqual({
      issues: [
        {
          path: "body.api_key",
          message: expect.stringContaining("looks like rk_live_…") as unknown,
          code: "invalid_format",
        },
      ],
    });
    expect(err.message).toBe(
      "This does not look like a Stripe secret or restricted key (a valid one looks like rk_live_…). Check that you copied the whole key.",
    );
    expect(visible(err)).not.toContain("pk_live_nope");
    expect(stripe.requests.length).toBe(before);
  });

  it("refuses a key with whitespace in it without echoing it", async () => {
    const before = stripe.requests.length;
    const err = await appError(() => verifyCredential(provider("stripe"), {}, apiKey(`${STRIPE_KEY}\n`)));
    expect(err.status).toBe(422);
    expect(visible(err)).not.toContain(STRIPE_KEY);
    expect(stripe.requests.length).toBe(before);
  });

  it("maps a 500 to 502 bad_gateway", async () => {
    stripe.setMode("500");
    const err = await appError(() => verifyCredential(provider("stripe"), {}, apiKey(STRIPE_KEY)));
    expect(err.status).toBe(502);
    expect(err.code).toBe("bad_gateway");
    expect(err.message).toBe(
      "Could not verify the API key: Stripe is unavailable (HTTP 500). Nothing was stored.",
    );
    expect(err.details).toEqual({ reason: "provider_error", provider_status: 500 });
  });

  it("maps a 429 to 502 (the key may well be fine)", async () => {
    stripe.setMode("429");
    const err = await appError(() => verifyCredential(provider("stripe"), {}, apiKey(STRIPE_KEY)));
    expect(err.status).toBe(502);
    expect(err.message).toContain("rate limiting");
  });

  it("maps a provider that never answers to 502 (timeout)", async () => {
    stripe.setMode("hang");
    const err = await appError(() =>
      verifyCredential(provider("stripe"), {}, apiKey(STRIPE_KEY), { timeoutMs: 300 }),
    );
    expect(err.status).toBe(502);
    expect(err.message).toBe(
      "Could not verify the API key: Stripe is unreachable (timeout). Nothing was stored.",
    );
    expect(visible(err)).not.toContain(STRIPE_KEY);
  });

  it("maps an address the outbound guard refuses to 502 without naming the range", async () => {
    setOutboundPolicyForTests({ allowPrivate: false });
    const before = stripe.requests.length;
    const err = await appError(() => verifyCredential(provider("stripe"), {}, apiKey(STRIPE_KEY)));
    expect(err.status).toBe(502);
    expect(err.message).toBe(
      "Could not verify the API key: Stripe cannot be reached from this server. Nothing was stored.",
    );
    expect(visible(err)).not.toMatch(/loopback|127\.0\.0\.1|HOST_MAP/);
    expect(stripe.requests.length).toBe(before);
  });

  it("refuses a username and password for an API-key-only provider", async () => {
    const err = await appError(() =>
      verifyCredential(provider("stripe"), {}, { type: "basic", username: "a", password: "b" }),
    );
    expect(err.status).toBe(422);
    expect(err.message).toContain("Stripe does not accept a username and password");
  });
});

describe("verifyCredential — unreachable provider", () => {
  it("maps a closed port to 502 (network)", async () => {
    const gone = await startFakeStripe({ validKeys: [STRIPE_KEY] });
    await gone.close();
    routeHosts({ "api.stripe.com": gone.url });
    const err = await appError(() => verifyCredential(provider("stripe"), {}, apiKey(STRIPE_KEY)));
    expect(err.status).toBe(502);
    expect(err.message).toContain("Stripe is unreachable (network error)");
    expect(err.details).toEqual({ reason: "network" });
  });
});

describe("verifyCredential — Klaviyo (header with prefix)", () => {
  it("sends `Klaviyo-API-Key <key>` and the revision header, and reads the JSON:API identity", async () => {
    const before = klaviyo.requests.length;
    const result = await verifyCredential(provider("klaviyo"), {}, apiKey(KLAVIYO_KEY));
    expect(result.identity).toEqual({
      id: klaviyo.accountId,
      name: "Acme Klaviyo",
      email: "hello@acme.example",
    });
    const sent = klaviyo.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.path).toBe("/api/accounts/");
    expect(sent[0]?.headers.authorization).toBe(`Klaviyo-API-Key ${KLAVIYO_KEY}`);
    expect(sent[0]?.headers.revision).toBe(provider("klaviyo").api.defaultHeaders.revision);
    expect(sent[0]?.headers.accept).toBe("application/vnd.api+json");
  });

  it("rejects an unknown key with Klaviyo's errors[0].detail", async () => {
    const bad = "pk_ffffffffffffffffffffffffffff";
    const err = await appError(() => verifyCredential(provider("klaviyo"), {}, apiKey(bad)));
    expect(err.status).toBe(422);
    expect(err.message).toBe("Klaviyo rejected the API key: Missing or invalid private key.");
    expect(visible(err)).not.toContain(bad);
  });
});

describe("verifyCredential — PostHog (connection param with a default)", () => {
  it("verifies a valid key on the default host", async () => {
    const before = posthog.requests.length;
    const result = await verifyCredential(provider("posthog"), {}, apiKey(POSTHOG_KEY));
    expect(result.identity).toMatchObject({ id: posthog.user.uuid, email: "jane@acme.example" });
    expect(posthog.requests.slice(before)[0]?.headers["x-patchbay-original-host"]).toBe("us.posthog.com");
  });

  it("uses the host param when given", async () => {
    const before = posthog.requests.length;
    await verifyCredential(provider("posthog"), { host: "eu.posthog.com" }, apiKey(POSTHOG_KEY));
    expect(posthog.requests.slice(before)[0]?.headers["x-patchbay-original-host"]).toBe("eu.posthog.com");
  });

  it("rejects an invalid key with PostHog's detail", async () => {
    const bad = "phx_ffffffffffffffffffffffffffffff";
    const err = await appError(() => verifyCredential(provider("posthog"), {}, apiKey(bad)));
    expect(err.status).toBe(422);
    expect(err.message).toBe(
      "PostHog rejected the API key: Personal API key found in request Authorization header is invalid.",
    );
    expect(visible(err)).not.toContain(bad);
  });

  it("refuses a host outside the allowed pattern before any request", async () => {
    const before = posthog.requests.length;
    const err = await appError(() =>
      verifyCredential(provider("posthog"), { host: "169.254.169.254" }, apiKey(POSTHOG_KEY)),
    );
    expect(err.status).toBe(422);
    expect(err.details).toMatchObject({ issues: [{ path: "body.params.host" }] });
    expect(posthog.requests.length).toBe(before);
  });

  it("maps a hang to 502 with a short timeout", async () => {
    posthog.setMode("hang");
    const err = await appError(() =>
      verifyCredential(provider("posthog"), {}, apiKey(POSTHOG_KEY), { timeoutMs: 200 }),
    );
    expect(err.status).toBe(502);
    expect(err.details).toEqual({ reason: "timeout" });
  });
});

// ---------------------------------------------------------------------------------------------------------
// Basic credentials
// ---------------------------------------------------------------------------------------------------------

describe("verifyCredential — Zendesk (basic with usernameTemplate and subdomain)", () => {
  const zendeskCred = (password = ZENDESK_TOKEN): TCredentialInput => ({
    type: "basic",
    username: ZENDESK_EMAIL,
    password,
  });

  it("sends Basic `{email}/token:{token}` to the subdomain's host and returns the agent", async () => {
    const before = zendesk.seen.length;
    const result = await verifyCredential(provider("zendesk"), { subdomain: "acme" }, zendeskCred());
    expect(result.identity).toEqual({ id: "3543", name: "Agent Smith", email: ZENDESK_EMAIL });
    const sent = zendesk.seen.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.headers["x-patchbay-original-host"]).toBe("acme.zendesk.com");
    expect(basicAuth(sent[0]?.headers.authorization)).toEqual({
      username: `${ZENDESK_EMAIL}/token`,
      password: ZENDESK_TOKEN,
    });
  });

  it("rejects a wrong token with Zendesk's reason, without the token", async () => {
    const wrong = "zdWrongTokenAbCdEfGhIjKlMnOpQr";
    const err = await appError(() =>
      verifyCredential(provider("zendesk"), { subdomain: "acme" }, zendeskCred(wrong)),
    );
    expect(err.status).toBe(422);
    expect(err.message).toBe("Zendesk rejected the credentials: Couldn't authenticate you.");
    expect(visible(err)).not.toContain(wrong);
  });

  it("treats the anonymous 200 answer (user.id null) as a rejection via expectJson", async () => {
    const err = await appError(() =>
      verifyCredential(provider("zendesk"), { subdomain: "acme" }, zendeskCred("anonymous-please")),
    );
    expect(err.status).toBe(422);
    expect(err.message).toContain("Zendesk rejected the credentials");
    expect(err.details).toMatchObject({ provider_status: 200 });
  });

  it.each([
    ["missing", {}],
    ["empty", { subdomain: "  " }],
    ["a host trick", { subdomain: "evil.com/x?" }],
    ["uppercase", { subdomain: "ACME" }],
  ])("refuses a %s subdomain with 422 and no network call", async (_label, params) => {
    const before = zendesk.seen.length;
    const err = await appError(() => verifyCredential(provider("zendesk"), params, zendeskCred()));
    expect(err.status).toBe(422);
    expect(err.details).toMatchObject({ issues: [{ path: "body.params.subdomain" }] });
    expect(visible(err)).not.toContain(ZENDESK_TOKEN);
    expect(zendesk.seen.length).toBe(before);
  });

  it("refuses a username with a colon and an empty token before any request", async () => {
    const before = zendesk.seen.length;
    const err = await appError(() =>
      verifyCredential(
        provider("zendesk"),
        { subdomain: "acme" },
        { type: "basic", username: "a:b", password: "" },
      ),
    );
    expect(err.status).toBe(422);
    expect(err.details).toMatchObject({
      issues: [{ path: "body.username" }, { path: "body.password" }],
    });
    expect(zendesk.seen.length).toBe(before);
  });

  it("refuses an API key for a provider that takes basic credentials", async () => {
    const err = await appError(() =>
      verifyCredential(provider("zendesk"), { subdomain: "acme" }, apiKey(ZENDESK_TOKEN)),
    );
    expect(err.status).toBe(422);
    expect(err.message).toContain("Zendesk does not accept API keys");
    expect(visible(err)).not.toContain(ZENDESK_TOKEN);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Secrets echoed back by the provider
// ---------------------------------------------------------------------------------------------------------

describe("verifyCredential — a provider that echoes the key", () => {
  afterEach(() => {
    echoStyle = "full";
  });

  it.each(["full", "partial", "upper"] as const)("never passes on the key (%s echo)", async (style) => {
    echoStyle = style;
    const err = await appError(() => verifyCredential(provider("vercel"), {}, apiKey(VERCEL_ECHO_KEY)));
    expect(err.status).toBe(422);
    expect(err.message).toMatch(/^Vercel rejected the API key: .*\[redacted\]/);
    const shown = visible(err);
    expect(shown.toLowerCase()).not.toContain(VERCEL_ECHO_KEY.toLowerCase());
    // No run of 20 characters of the key survives anywhere.
    for (let i = 0; i + 20 <= VERCEL_ECHO_KEY.length; i++) {
      expect(shown.toLowerCase()).not.toContain(VERCEL_ECHO_KEY.slice(i, i + 20).toLowerCase());
    }
  });

  it("drops an identity field that carries the key", async () => {
    echoStyle = "in_identity";
    const result = await verifyCredential(provider("vercel"), {}, apiKey(VERCEL_ECHO_KEY));
    expect(result.identity).toEqual({ id: "usr_1", email: "dev@acme.example" });
  });
});

// ---------------------------------------------------------------------------------------------------------
// Other placements and bodies
// ---------------------------------------------------------------------------------------------------------

describe("verifyCredential — Railway (GraphQL POST with expectJson)", () => {
  it("POSTs the JSON body and reads data.me", async () => {
    const before = railway.seen.length;
    const result = await verifyCredential(provider("railway"), {}, apiKey(RAILWAY_KEY));
    expect(result.identity).toEqual({ id: "user_rw1", name: "Rail Way", email: "rw@acme.example" });
    const sent = railway.seen.slice(before)[0];
    expect(sent?.method).toBe("POST");
    expect(sent?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(sent?.body ?? "")).toEqual({ query: "query { me { id } }" });
  });

  it("treats a 200 with GraphQL errors as a rejection", async () => {
    const bad = "ffffffff-ffff-ffff-ffff-ffffffffffff";
    const err = await appError(() => verifyCredential(provider("railway"), {}, apiKey(bad)));
    expect(err.status).toBe(422);
    expect(err.message).toBe("Railway rejected the API key: Not Authorized.");
    expect(err.details).toMatchObject({ provider_status: 200 });
  });
});

describe("verifyCredential — header and query placements", () => {
  it("sends a plain custom header (Figma X-Figma-Token)", async () => {
    const figmaKey = "figd_0123456789abcdefghijABCDEF";
    const figma = await startServer((req) =>
      req.headers["x-figma-token"] === figmaKey
        ? { status: 200, json: { id: "fig1", email: "f@acme.example", handle: "Fig" } }
        : { status: 403, json: { status: 403, err: "Invalid token" } },
    );
    routeHosts({ "api.figma.com": figma.url });
    try {
      const ok = await verifyCredential(provider("figma"), {}, apiKey(figmaKey));
      expect(ok.identity).toEqual({ id: "fig1", name: "Fig", email: "f@acme.example" });
      expect(figma.seen[0]?.headers.authorization).toBeUndefined();
      const err = await appError(() =>
        verifyCredential(provider("figma"), {}, apiKey("figd_ffffffffffffffffffffffffff")),
      );
      expect(err.message).toBe("Figma rejected the API key: Invalid token.");
    } finally {
      await figma.close();
    }
  });

  it("adds the key as a query parameter for query auth", async () => {
    const base = provider("vercel");
    const queryStyle: TProvider = {
      ...base,
      api: { ...base.api, auth: { type: "query", name: "api_token" } },
    };
    const server = await startServer((req) =>
      req.query.get("api_token") === VERCEL_ECHO_KEY
        ? { status: 200, json: { user: { id: "q1" } } }
        : { status: 401, json: { message: "nope" } },
    );
    routeHosts({ "api.vercel.com": server.url });
    try {
      const result = await verifyCredential(queryStyle, {}, apiKey(VERCEL_ECHO_KEY));
      expect(result.identity).toEqual({ id: "q1" });
      expect(server.seen[0]?.headers.authorization).toBeUndefined();
    } finally {
      await server.close();
    }
  });
});
