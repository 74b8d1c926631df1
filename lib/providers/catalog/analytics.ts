import { defineProvider } from "../schemas";
import { googleOAuth2 } from "./google";

export const posthog = defineProvider({
  slug: "posthog",
  name: "PostHog",
  description: "Read PostHog product analytics: funnels, session recordings and feature flags.",
  category: "analytics",
  logo: "/logos/posthog.svg",
  docsUrl: "https://posthog.com/docs/api",
  aliases: ["product analytics", "feature flags"],
  authModes: ["api_key"],
  connectionParams: [
    {
      name: "host",
      label: "Cloud region",
      description: "us.posthog.com for US Cloud, eu.posthog.com for EU Cloud.",
      // Cloud hosts only: a free-form host would let a user point the key check at any server.
      pattern: "^(?:us|eu)\\.posthog\\.com$",
      example: "eu.posthog.com",
      default: "us.posthog.com",
    },
  ],
  apiKey: {
    label: "Personal API key",
    placeholder: "phx_…",
    instructions: "Create a personal API key with read scopes in Settings → Personal API keys.",
    helpUrl: "https://us.posthog.com/settings/user-api-keys",
    pattern: "^phx_[A-Za-z0-9]{20,}$",
    verify: { method: "GET", url: "https://{host}/api/users/@me/" },
  },
  api: {
    baseUrl: "https://{host}/api",
    auth: { type: "bearer" },
  },
});

export const googleAnalytics = defineProvider({
  slug: "google-analytics",
  name: "Google Analytics",
  description: "Read GA4 traffic, top pages and conversions for a Google Analytics 4 property.",
  category: "analytics",
  logo: "/logos/google-analytics.svg",
  docsUrl: "https://developers.google.com/analytics/devguides/reporting/data/v1",
  aliases: ["ga4", "google"],
  authModes: ["service_account", "oauth2"],
  connectionParams: [
    {
      name: "property_id",
      label: "GA4 property ID",
      description: "The numeric property ID from Admin → Property details (not the G- measurement ID).",
      pattern: "^[0-9]{6,12}$",
      example: "312345678",
    },
  ],
  serviceAccount: {
    description:
      "Paste the JSON key of a Google Cloud service account, and add its email as a Viewer on the GA4 property.",
    tokenUrl: "https://oauth2.googleapis.com/token",
    scopes: ["https://www.googleapis.com/auth/analytics.readonly"],
    verify: { method: "GET", url: "https://analyticsadmin.googleapis.com/v1beta/properties/{property_id}" },
  },
  oauth2: googleOAuth2({
    scopes: ["https://www.googleapis.com/auth/analytics.readonly"],
    testRequest: {
      method: "GET",
      url: "https://analyticsadmin.googleapis.com/v1beta/properties/{property_id}",
    },
  }),
  api: {
    baseUrl: "https://analyticsdata.googleapis.com/v1beta",
    auth: { type: "bearer" },
  },
});

export const analyticsProviders = [posthog, googleAnalytics];
