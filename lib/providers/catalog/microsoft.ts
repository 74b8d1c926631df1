import { defineProvider, type TProviderInput } from "../schemas";

type TOAuth2Input = NonNullable<TProviderInput["oauth2"]>;

const GRAPH = "https://graph.microsoft.com/v1.0";
const IDENTITY_SCOPES = ["openid", "email", "offline_access", "User.Read"];

/**
 * Microsoft identity platform v2 endpoints. `{tenant}` is an app setting: "common" for a multi-tenant app that
 * also accepts personal accounts, "organizations" for work accounts only, or a tenant id / domain.
 * No `issuer` check: with /common the issuer varies per tenant.
 */
const tenantSetting = {
  name: "tenant",
  label: "Directory (tenant)",
  description: "common, organizations, consumers, or your tenant id / domain for a single-tenant app.",
  pattern:
    "^(?:common|organizations|consumers|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9][a-z0-9-]*(?:\\.[a-z0-9-]+)+)$",
  example: "common",
  default: "common",
};

function microsoftOAuth2(options: {
  scopes: string[];
  available: string[];
  testRequest: TOAuth2Input["testRequest"];
}): TOAuth2Input {
  const defaults = [...IDENTITY_SCOPES, ...options.scopes];
  return {
    authorizationUrl: "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize",
    tokenUrl: "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token",
    // The identity platform has no per-token revocation endpoint; disconnect forgets the tokens.
    userInfoUrl: "https://graph.microsoft.com/oidc/userinfo",
    scopes: { default: defaults, separator: " ", available: [...defaults, ...options.available] },
    tokenEndpointAuth: "client_secret_post",
    // The identity platform issues refresh tokens for offline_access without forcing the consent screen.
    offlineAccessConsent: false,
    pkce: true,
    refresh: "refresh_token",
    testRequest: options.testRequest,
  };
}

export const outlook = defineProvider({
  slug: "outlook",
  name: "Outlook",
  description: "Read, search and send email from an Outlook or Microsoft 365 mailbox.",
  category: "communication",
  logo: "/logos/outlook.svg",
  docsUrl: "https://learn.microsoft.com/en-us/graph/api/resources/mail-api-overview",
  aliases: ["microsoft", "email", "microsoft 365", "office 365"],
  authModes: ["oauth2"],
  appSettings: [tenantSetting],
  oauth2: microsoftOAuth2({
    scopes: ["Mail.Read", "Mail.Send"],
    available: ["Mail.ReadWrite", "Mail.Read.Shared"],
    testRequest: { method: "GET", url: `${GRAPH}/me/mailFolders/inbox` },
  }),
  api: { baseUrl: GRAPH, auth: { type: "bearer" } },
});

export const microsoftCalendar = defineProvider({
  slug: "microsoft-calendar",
  name: "Microsoft Calendar",
  description: "Read calendars and create or update events in Outlook Calendar.",
  category: "scheduling",
  logo: "/logos/microsoft-calendar.svg",
  docsUrl: "https://learn.microsoft.com/en-us/graph/api/resources/calendar",
  aliases: ["microsoft", "outlook calendar", "calendar", "microsoft 365"],
  authModes: ["oauth2"],
  appSettings: [tenantSetting],
  oauth2: microsoftOAuth2({
    scopes: ["Calendars.ReadWrite"],
    available: ["Calendars.Read", "Calendars.Read.Shared"],
    testRequest: { method: "GET", url: `${GRAPH}/me/calendar` },
  }),
  api: { baseUrl: GRAPH, auth: { type: "bearer" } },
});

export const onedrive = defineProvider({
  slug: "onedrive",
  name: "OneDrive",
  description: "List, search and download files in OneDrive and SharePoint document libraries.",
  category: "productivity",
  logo: "/logos/onedrive.svg",
  docsUrl: "https://learn.microsoft.com/en-us/onedrive/developer/rest-api/",
  aliases: ["microsoft", "files", "sharepoint", "microsoft 365"],
  authModes: ["oauth2"],
  appSettings: [tenantSetting],
  oauth2: microsoftOAuth2({
    scopes: ["Files.Read"],
    available: ["Files.Read.All", "Files.ReadWrite", "Files.ReadWrite.All"],
    testRequest: { method: "GET", url: `${GRAPH}/me/drive` },
  }),
  api: { baseUrl: GRAPH, auth: { type: "bearer" } },
});

export const microsoftProviders = [outlook, microsoftCalendar, onedrive];
