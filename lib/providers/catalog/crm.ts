import { defineProvider } from "../schemas";

/** Salesforce REST API version (Summer '25). */
const SALESFORCE_API_VERSION = "v64.0";

export const hubspot = defineProvider({
  slug: "hubspot",
  name: "HubSpot",
  description: "Read HubSpot CRM contacts, companies and deals.",
  category: "crm",
  logo: "/logos/hubspot.svg",
  docsUrl: "https://developers.hubspot.com/docs/api/oauth-quickstart-guide",
  aliases: ["crm"],
  authModes: ["oauth2", "api_key"],
  oauth2: {
    authorizationUrl: "https://app.hubspot.com/oauth/authorize",
    tokenUrl: "https://api.hubapi.com/oauth/v1/token",
    // HubSpot revokes by DELETE /oauth/v1/refresh-tokens/{token}, which is not RFC 7009; disconnect forgets tokens.
    scopes: {
      default: ["oauth", "crm.objects.contacts.read", "crm.objects.companies.read", "crm.objects.deals.read"],
      separator: " ",
      available: [
        "oauth",
        "crm.objects.contacts.read",
        "crm.objects.contacts.write",
        "crm.objects.companies.read",
        "crm.objects.companies.write",
        "crm.objects.deals.read",
        "crm.objects.deals.write",
      ],
    },
    tokenEndpointAuth: "client_secret_post",
    pkce: false,
    // Access tokens last 30 minutes.
    refresh: "refresh_token",
    testRequest: { method: "GET", url: "https://api.hubapi.com/account-info/v3/details" },
  },
  apiKey: {
    label: "Private app access token",
    placeholder: "pat-na1-…",
    instructions: "Settings → Integrations → Private apps → create an app with CRM read scopes.",
    helpUrl: "https://developers.hubspot.com/docs/api/private-apps",
    pattern: "^pat-[a-z0-9]+-[0-9a-f-]{36}$",
    verify: { method: "GET", url: "https://api.hubapi.com/account-info/v3/details" },
  },
  api: {
    baseUrl: "https://api.hubapi.com",
    auth: { type: "bearer" },
    // Per-10-second burst limit, reported on every response (OAuth calls carry no daily headers).
    rateLimit: {
      remainingHeader: "X-HubSpot-RateLimit-Remaining",
      limitHeader: "X-HubSpot-RateLimit-Max",
      windowMs: 10_000,
    },
  },
  webhooks: {
    events: ["contact.creation", "deal.propertyChange", "company.creation"],
    // https://developers.hubspot.com/docs/api/webhooks/validating-requests — v3: base64 HMAC-SHA256 of
    // method + URI + body + X-HubSpot-Request-Timestamp (ms) with the app's client secret; reject after 5 min.
    // Deliveries are batches of up to 100 events, so the request digest deduplicates (no single event id).
    signature: {
      header: "X-HubSpot-Signature-v3",
      encoding: "base64",
      format: { type: "plain" },
      signedPayload: "{method}{url}{body}{timestamp}",
      timestamp: { from: "header", name: "X-HubSpot-Request-Timestamp", unit: "ms", toleranceSeconds: 300 },
      secret: "client_secret",
    },
    eventType: { from: "body", name: "0.subscriptionType" },
  },
});

export const salesforce = defineProvider({
  slug: "salesforce",
  name: "Salesforce",
  description: "Read Salesforce contacts, accounts and opportunities.",
  category: "crm",
  logo: "/logos/salesforce.svg",
  docsUrl: "https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm",
  aliases: ["crm", "sfdc"],
  authModes: ["oauth2"],
  connectionParams: [
    {
      name: "login_host",
      label: "Login host",
      description: "Leave as login.salesforce.com; use test.salesforce.com for sandboxes or your My Domain.",
      pattern:
        "^(?:login\\.salesforce\\.com|test\\.salesforce\\.com|[a-z0-9][a-z0-9-]*(?:\\.sandbox)?\\.my\\.salesforce\\.com)$",
      example: "acme.my.salesforce.com",
      default: "login.salesforce.com",
    },
  ],
  oauth2: {
    authorizationUrl: "https://{login_host}/services/oauth2/authorize",
    tokenUrl: "https://{login_host}/services/oauth2/token",
    revocationUrl: "https://{login_host}/services/oauth2/revoke",
    userInfoUrl: "{instance_url}/services/oauth2/userinfo",
    scopes: {
      // `refresh_token` is what makes Salesforce issue a refresh token.
      default: ["api", "refresh_token"],
      separator: " ",
      available: ["api", "refresh_token", "id", "openid", "profile", "email"],
    },
    tokenEndpointAuth: "client_secret_post",
    pkce: true,
    refresh: "refresh_token",
    testRequest: { method: "GET", url: "{instance_url}/services/oauth2/userinfo" },
    hooks: { parseTokenResponse: "salesforce_instance_url", afterToken: "salesforce_identity" },
  },
  api: {
    baseUrl: `{instance_url}/services/data/${SALESFORCE_API_VERSION}`,
    auth: { type: "bearer" },
  },
});

export const pipedrive = defineProvider({
  slug: "pipedrive",
  name: "Pipedrive",
  description: "Read Pipedrive deals, contacts and activities.",
  category: "crm",
  logo: "/logos/pipedrive.svg",
  docsUrl: "https://pipedrive.readme.io/docs/marketplace-oauth-authorization",
  aliases: ["crm", "sales pipeline"],
  authModes: ["oauth2"],
  oauth2: {
    authorizationUrl: "https://oauth.pipedrive.com/oauth/authorize",
    tokenUrl: "https://oauth.pipedrive.com/oauth/token",
    revocationUrl: "https://oauth.pipedrive.com/oauth/revoke",
    // Scopes are fixed in the app's Developer Hub settings.
    scopes: { default: [], separator: " " },
    tokenEndpointAuth: "client_secret_basic",
    pkce: false,
    refresh: "refresh_token",
    testRequest: { method: "GET", url: "{api_domain}/api/v1/users/me" },
    hooks: { parseTokenResponse: "pipedrive_api_domain" },
  },
  api: {
    baseUrl: "{api_domain}/api/v1",
    auth: { type: "bearer" },
  },
});

export const crmProviders = [hubspot, salesforce, pipedrive];
