import { defineProvider } from "../schemas";

/** Sanity dates its HTTP API versions; 2025-02-19 made the `published` perspective the default. */
const SANITY_API_VERSION = "v2025-02-19";

export const webflow = defineProvider({
  slug: "webflow",
  name: "Webflow",
  description: "Read and publish Webflow sites, CMS collections and items.",
  category: "cms",
  logo: "/logos/webflow.svg",
  docsUrl: "https://developers.webflow.com/data/reference/oauth-app",
  aliases: ["website", "site builder"],
  authModes: ["oauth2", "api_key"],
  oauth2: {
    authorizationUrl: "https://webflow.com/oauth/authorize",
    tokenUrl: "https://api.webflow.com/oauth/access_token",
    // Webflow's revoke endpoint takes `access_token` (not RFC 7009 `token`); disconnect forgets the token instead.
    scopes: {
      default: ["authorized_user:read", "sites:read", "cms:read"],
      separator: " ",
      available: [
        "authorized_user:read",
        "sites:read",
        "sites:write",
        "cms:read",
        "cms:write",
        "pages:read",
        "forms:read",
      ],
    },
    tokenEndpointAuth: "client_secret_post",
    pkce: false,
    // Access tokens do not expire; there is no refresh grant.
    refresh: "none",
    testRequest: { method: "GET", url: "https://api.webflow.com/v2/token/introspect" },
  },
  apiKey: {
    label: "Site API token",
    instructions: "Site settings → Apps & integrations → API access → Generate API token.",
    helpUrl: "https://developers.webflow.com/data/reference/site-token",
    pattern: "^[A-Za-z0-9]{32,}$",
    verify: { method: "GET", url: "https://api.webflow.com/v2/sites" },
  },
  api: {
    baseUrl: "https://api.webflow.com/v2",
    auth: { type: "bearer" },
  },
  webhooks: {
    events: ["form_submission", "site_publish", "collection_item_changed", "ecomm_new_order"],
    // https://developers.webflow.com/data/docs/working-with-webhooks — x-webflow-signature: hex HMAC-SHA256 of
    // "<x-webflow-timestamp>:<body>" (timestamp in ms) with the OAuth app's client secret (webhooks created over
    // the API with a site token have their own secret: add it here); reject after 5 minutes. No delivery id.
    signature: {
      header: "x-webflow-signature",
      encoding: "hex",
      format: { type: "plain" },
      signedPayload: "{timestamp}:{body}",
      timestamp: { from: "header", name: "x-webflow-timestamp", unit: "ms", toleranceSeconds: 300 },
      secret: "client_secret",
    },
    eventType: { from: "body", name: "triggerType" },
  },
});

export const sanity = defineProvider({
  slug: "sanity",
  name: "Sanity",
  description: "Query and edit documents in a Sanity Content Lake dataset.",
  category: "cms",
  logo: "/logos/sanity.svg",
  docsUrl: "https://www.sanity.io/docs/http-auth",
  aliases: ["headless cms", "content lake"],
  authModes: ["api_key"],
  connectionParams: [
    {
      name: "project_id",
      label: "Project ID",
      description: "Shown on sanity.io/manage and in sanity.config.",
      pattern: "^[a-z0-9]{8}$",
      example: "abc12def",
    },
    {
      name: "dataset",
      label: "Dataset",
      pattern: "^[a-z0-9][a-z0-9_-]{0,63}$",
      example: "production",
      default: "production",
    },
  ],
  apiKey: {
    label: "API token",
    placeholder: "sk…",
    instructions: "sanity.io/manage → API → Tokens → Add API token (Viewer is enough to read).",
    helpUrl: "https://www.sanity.io/docs/http-auth",
    pattern: "^sk[A-Za-z0-9]{40,}$",
    // A cheap GROQ query; a bad token gets 401 even on a public dataset.
    verify: {
      method: "GET",
      url: `https://{project_id}.api.sanity.io/${SANITY_API_VERSION}/data/query/{dataset}?query=count(*)`,
    },
  },
  api: {
    baseUrl: `https://{project_id}.api.sanity.io/${SANITY_API_VERSION}`,
    auth: { type: "bearer" },
  },
  webhooks: {
    events: ["document.create", "document.update", "document.delete"],
    // @sanity/webhook — sanity-webhook-signature: t=<ms>,v1=<unpadded base64url HMAC-SHA256 of "t.body"> with the
    // webhook's secret; Sanity retries with the same idempotency-key. Sanity's toolkit checks no window: 5 min here.
    signature: {
      header: "sanity-webhook-signature",
      encoding: "base64url",
      format: { type: "pairs", signatureKey: "v1", timestampKey: "t" },
      signedPayload: "{timestamp}.{body}",
      timestamp: { from: "signature", unit: "ms", toleranceSeconds: 300 },
      secret: "webhook_secret",
    },
    deliveryId: { from: "header", name: "idempotency-key" },
    eventType: { from: "body", name: "_type" },
  },
});

export const cmsProviders = [webflow, sanity];
