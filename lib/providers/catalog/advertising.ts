import { defineProvider } from "../schemas";
import { googleOAuth2 } from "./google";

/** Graph API version used for dialog, token and API URLs; bump in one place. */
const META_GRAPH_VERSION = "v21.0";
/** Google Ads API versions are supported for about a year after release. */
const GOOGLE_ADS_API_VERSION = "v21";
/** LinkedIn Marketing API monthly version (YYYYMM); each is supported for at least a year. */
const LINKEDIN_VERSION = "202506";

export const metaAds = defineProvider({
  slug: "meta-ads",
  name: "Meta Ads",
  description: "Read Facebook and Instagram ad campaigns, spend, ROAS and creative performance.",
  category: "advertising",
  logo: "/logos/meta-ads.svg",
  docsUrl: "https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow",
  aliases: ["facebook", "instagram", "meta"],
  authModes: ["oauth2"],
  oauth2: {
    authorizationUrl: `https://www.facebook.com/${META_GRAPH_VERSION}/dialog/oauth`,
    tokenUrl: `https://graph.facebook.com/${META_GRAPH_VERSION}/oauth/access_token`,
    // Deleting the app's permissions de-authorises it for this user.
    revocationUrl: `https://graph.facebook.com/${META_GRAPH_VERSION}/me/permissions`,
    revocationMethod: "DELETE",
    revocationStyle: "api_credential",
    scopes: {
      default: ["ads_read", "business_management"],
      separator: ",",
      available: ["ads_read", "ads_management", "business_management", "read_insights"],
    },
    tokenEndpointAuth: "client_secret_post",
    pkce: false,
    refresh: "long_lived_exchange",
    testRequest: { method: "GET", url: `https://graph.facebook.com/${META_GRAPH_VERSION}/me?fields=id,name` },
    hooks: {
      parseTokenResponse: "meta_graph",
      afterToken: "meta_long_lived_exchange",
      refresh: "meta_long_lived_exchange",
    },
  },
  api: {
    baseUrl: `https://graph.facebook.com/${META_GRAPH_VERSION}`,
    auth: { type: "bearer" },
  },
  webhooks: {
    events: ["leadgen", "ad_account", "campaign"],
    // https://developers.facebook.com/docs/graph-api/webhooks/getting-started — X-Hub-Signature-256: "sha256=" +
    // hex HMAC-SHA256 of the raw body with the app secret; the endpoint is verified by a GET with hub.mode=
    // subscribe, hub.verify_token (a value you choose: store it here as a secret) and hub.challenge, echoed.
    // Deliveries are batched per object (entry[].id: a page or ad account, which no connection records), so
    // they go to the team's Meta connections; no event id (the request digest deduplicates).
    signature: {
      header: "X-Hub-Signature-256",
      encoding: "hex",
      format: { type: "plain", prefix: "sha256=" },
      signedPayload: "{body}",
      secret: "client_secret",
    },
    eventType: { from: "body", name: "object" },
    handshakes: [
      {
        kind: "verify_token",
        modeParam: "hub.mode",
        modeValue: "subscribe",
        tokenParam: "hub.verify_token",
        challengeParam: "hub.challenge",
      },
    ],
    setupNote:
      "Meta: store a Verify Token of your choice here as a secret and type the same value in the app's Webhooks settings; deliveries are verified with the app secret.",
  },
});

export const googleAds = defineProvider({
  slug: "google-ads",
  name: "Google Ads",
  description: "Read Google Ads search and display campaigns, keywords and conversions.",
  category: "advertising",
  logo: "/logos/google-ads.svg",
  docsUrl: "https://developers.google.com/google-ads/api/docs/oauth/overview",
  aliases: ["adwords", "google"],
  authModes: ["oauth2"],
  appSettings: [
    {
      name: "developer_token",
      label: "Developer token",
      description: "From the Google Ads API Center of your manager account; sent with every API call.",
      secret: true,
      pattern: "^[A-Za-z0-9_-]{16,64}$",
      example: "AbCdEfGhIjKlMnOpQrStUv",
    },
  ],
  oauth2: googleOAuth2({
    scopes: ["https://www.googleapis.com/auth/adwords"],
    // Needs the developer-token header (api.defaultHeaders); no customer id is required for this call.
    testRequest: {
      method: "GET",
      url: `https://googleads.googleapis.com/${GOOGLE_ADS_API_VERSION}/customers:listAccessibleCustomers`,
    },
  }),
  api: {
    baseUrl: `https://googleads.googleapis.com/${GOOGLE_ADS_API_VERSION}`,
    auth: { type: "bearer" },
    // `login-customer-id` (manager accounts) is per request, so callers add it through the proxy.
    defaultHeaders: { "developer-token": "{developer_token}" },
  },
});

export const tiktokAds = defineProvider({
  slug: "tiktok-ads",
  name: "TikTok Ads",
  description: "Read TikTok short-form video ad campaigns and their performance through the Business API.",
  category: "advertising",
  logo: "/logos/tiktok-ads.svg",
  docsUrl: "https://business-api.tiktok.com/portal/docs?id=1738373164380162",
  aliases: ["tiktok", "tiktok for business"],
  authModes: ["oauth2"],
  oauth2: {
    authorizationUrl: "https://business-api.tiktok.com/portal/auth",
    tokenUrl: "https://business-api.tiktok.com/open_api/v1.3/oauth2/access_token/",
    revocationUrl: "https://business-api.tiktok.com/open_api/v1.3/oauth2/revoke_token/",
    // Permissions are chosen in the TikTok developer app, not per request.
    scopes: { default: [], separator: "," },
    tokenEndpointAuth: "client_secret_post",
    tokenRequestBody: "json",
    pkce: false,
    // Business API access tokens do not expire; they stay valid until the advertiser revokes them.
    refresh: "none",
    testRequest: {
      method: "GET",
      url: "https://business-api.tiktok.com/open_api/v1.3/user/info/",
      expectJson: { path: "code", equals: 0 },
    },
    hooks: {
      authorizationParams: "tiktok_app_id",
      tokenRequest: "tiktok_business",
      parseTokenResponse: "tiktok_business",
      revoke: "tiktok_revoke_token",
    },
  },
  api: {
    baseUrl: "https://business-api.tiktok.com/open_api/v1.3",
    auth: { type: "header", name: "Access-Token" },
  },
});

export const linkedinAds = defineProvider({
  slug: "linkedin-ads",
  name: "LinkedIn Ads",
  description: "Read LinkedIn ad accounts, campaigns and campaign analytics.",
  category: "advertising",
  logo: "/logos/linkedin-ads.svg",
  docsUrl: "https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow",
  aliases: ["linkedin marketing"],
  authModes: ["oauth2"],
  oauth2: {
    authorizationUrl: "https://www.linkedin.com/oauth/v2/authorization",
    tokenUrl: "https://www.linkedin.com/oauth/v2/accessToken",
    revocationUrl: "https://www.linkedin.com/oauth/v2/revoke",
    scopes: {
      default: ["r_ads", "r_ads_reporting"],
      separator: " ",
      available: ["r_ads", "r_ads_reporting", "rw_ads", "r_organization_social"],
    },
    tokenEndpointAuth: "client_secret_post",
    pkce: false,
    // Marketing Developer Platform apps receive 365-day refresh tokens; access tokens last 60 days.
    refresh: "refresh_token",
    testRequest: { method: "GET", url: "https://api.linkedin.com/rest/adAccountUsers?q=authenticatedUser" },
  },
  api: {
    baseUrl: "https://api.linkedin.com/rest",
    auth: { type: "bearer" },
    defaultHeaders: { "LinkedIn-Version": LINKEDIN_VERSION, "X-Restli-Protocol-Version": "2.0.0" },
  },
});

export const advertisingProviders = [metaAds, googleAds, tiktokAds, linkedinAds];
