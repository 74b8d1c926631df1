import { defineProvider } from "../schemas";

/** Shopify releases a stable Admin API version every quarter and supports each for a year. */
const SHOPIFY_API_VERSION = "2025-07";

export const shopify = defineProvider({
  slug: "shopify",
  name: "Shopify",
  description: "Read products, orders, customers and revenue from a Shopify store.",
  category: "commerce",
  logo: "/logos/shopify.svg",
  docsUrl:
    "https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant",
  aliases: ["store", "ecommerce"],
  authModes: ["oauth2"],
  connectionParams: [
    {
      name: "shop",
      label: "Shop domain",
      description: "Your store's permanent myshopify.com domain, not a custom domain.",
      pattern: "^[a-z0-9][a-z0-9-]*\\.myshopify\\.com$",
      example: "acme-store.myshopify.com",
      placeholder: "your-store.myshopify.com",
    },
  ],
  oauth2: {
    authorizationUrl: "https://{shop}/admin/oauth/authorize",
    tokenUrl: "https://{shop}/admin/oauth/access_token",
    // Uninstalls the app, which is the only way to invalidate an offline token.
    revocationUrl: "https://{shop}/admin/api_permissions/current.json",
    revocationMethod: "DELETE",
    revocationStyle: "api_credential",
    scopes: {
      default: ["read_products", "read_orders", "read_customers"],
      separator: ",",
      // read_all_orders (orders older than 60 days) needs Shopify's approval; read_reports/analytics for revenue.
      available: [
        "read_products",
        "read_orders",
        "read_customers",
        "read_inventory",
        "read_reports",
        "read_analytics",
        "read_all_orders",
      ],
    },
    tokenEndpointAuth: "client_secret_post",
    pkce: false,
    // Offline access tokens do not expire (expiring offline tokens are opt-in and not used here).
    refresh: "none",
    testRequest: { method: "GET", url: `https://{shop}/admin/api/${SHOPIFY_API_VERSION}/shop.json` },
    hooks: { verifyCallback: "shopify_hmac" },
  },
  api: {
    baseUrl: `https://{shop}/admin/api/${SHOPIFY_API_VERSION}`,
    auth: { type: "header", name: "X-Shopify-Access-Token" },
    // REST Admin API: a leaky bucket of 40 calls per app and store, leaking 2 a second (standard plans).
    rateLimit: {
      remainingHeader: "X-Shopify-Shop-Api-Call-Limit",
      remainingFormat: "used_of_limit",
      leakPerSecond: 2,
    },
  },
  webhooks: {
    events: ["orders/create", "products/update", "inventory_levels/update"],
    // https://shopify.dev/docs/apps/build/webhooks/subscribe/https — base64 HMAC-SHA256 of the raw body with the
    // app's client secret; X-Shopify-Webhook-Id is the same for retries of one delivery.
    signature: {
      header: "X-Shopify-Hmac-Sha256",
      encoding: "base64",
      format: { type: "plain" },
      signedPayload: "{body}",
      secret: "client_secret",
    },
    tenant: { from: "header", name: "X-Shopify-Shop-Domain", connectionField: "params.shop" },
    deliveryId: { from: "header", name: "X-Shopify-Webhook-Id" },
    eventType: { from: "header", name: "X-Shopify-Topic" },
    // One endpoint for every shop of the app: a shop we no longer know is answered 200 (ignored) so that Shopify
    // does not count it against the app's deliveries; its subscription is removed on disconnect.
    unknownTenant: "ignore",
    registration: "shopify_graphql",
  },
});

export const stripe = defineProvider({
  slug: "stripe",
  name: "Stripe",
  description: "Read subscriptions, invoices and payments from Stripe to compute MRR, LTV and churn.",
  category: "payments",
  logo: "/logos/stripe.svg",
  docsUrl: "https://docs.stripe.com/keys",
  aliases: ["billing", "subscriptions"],
  authModes: ["api_key"],
  apiKey: {
    label: "Secret or restricted key",
    placeholder: "rk_live_…",
    instructions: "Create a restricted key with read access in Developers → API keys.",
    helpUrl: "https://dashboard.stripe.com/apikeys",
    pattern: "^(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}$",
    verify: { method: "GET", url: "https://api.stripe.com/v1/account" },
  },
  api: {
    baseUrl: "https://api.stripe.com/v1",
    auth: { type: "bearer" },
    // Pinned so response shapes do not change under us when the account's default version is upgraded.
    defaultHeaders: { "Stripe-Version": "2025-03-31.basil" },
  },
  webhooks: {
    events: ["payment_intent.succeeded", "customer.subscription.updated", "invoice.created"],
    // https://docs.stripe.com/webhooks#verify-manually — Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of
    // "t.body">[,v1=…] (several v1 while an endpoint secret rolls), 300 s tolerance in Stripe's libraries.
    signature: {
      header: "Stripe-Signature",
      encoding: "hex",
      format: { type: "pairs", signatureKey: "v1", timestampKey: "t" },
      signedPayload: "{timestamp}.{body}",
      timestamp: { from: "signature", toleranceSeconds: 300 },
      secret: "webhook_secret",
    },
    // Connect platforms receive their connected accounts' events with `account`; a per-connection endpoint
    // (automatic registration) needs no tenant.
    tenant: { from: "body", name: "account", connectionField: "accountIdentity.id" },
    deliveryId: { from: "body", name: "id" },
    eventType: { from: "body", name: "type" },
    registration: "stripe_webhook_endpoints",
  },
});

export const commerceProviders = [shopify, stripe];
