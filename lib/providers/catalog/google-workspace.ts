import { defineProvider } from "../schemas";
import { GOOGLE_DOCS_URL, GOOGLE_USERINFO_URL, googleOAuth2 } from "./google";

const SCOPE = "https://www.googleapis.com/auth/";
/** Docs, Sheets and Slides have no cheap "who am I" call, so their connection test asks OpenID userinfo. */
const USERINFO_TEST = { method: "GET", url: GOOGLE_USERINFO_URL } as const;

export const gmail = defineProvider({
  slug: "gmail",
  name: "Gmail",
  description: "Read, search and send email from a Gmail or Google Workspace mailbox.",
  category: "communication",
  logo: "/logos/gmail.svg",
  docsUrl: "https://developers.google.com/gmail/api/auth/scopes",
  aliases: ["google", "email", "google workspace"],
  authModes: ["oauth2"],
  oauth2: googleOAuth2({
    scopes: [`${SCOPE}gmail.readonly`, `${SCOPE}gmail.send`],
    available: [`${SCOPE}gmail.modify`, `${SCOPE}gmail.labels`, `${SCOPE}gmail.metadata`],
    testRequest: { method: "GET", url: "https://gmail.googleapis.com/gmail/v1/users/me/profile" },
  }),
  api: { baseUrl: "https://gmail.googleapis.com/gmail/v1", auth: { type: "bearer" } },
});

export const googleCalendar = defineProvider({
  slug: "google-calendar",
  name: "Google Calendar",
  description: "Read calendars and create or update events in Google Calendar.",
  category: "scheduling",
  logo: "/logos/google-calendar.svg",
  docsUrl: "https://developers.google.com/calendar/api/auth",
  aliases: ["google", "calendar", "google workspace"],
  authModes: ["oauth2"],
  oauth2: googleOAuth2({
    scopes: [`${SCOPE}calendar.readonly`, `${SCOPE}calendar.events`],
    available: [`${SCOPE}calendar`],
    testRequest: {
      method: "GET",
      url: "https://www.googleapis.com/calendar/v3/users/me/calendarList?maxResults=1",
    },
  }),
  api: { baseUrl: "https://www.googleapis.com/calendar/v3", auth: { type: "bearer" } },
});

export const googleDrive = defineProvider({
  slug: "google-drive",
  name: "Google Drive",
  description: "List, search and download files and folders in Google Drive.",
  category: "productivity",
  logo: "/logos/google-drive.svg",
  docsUrl: "https://developers.google.com/drive/api/guides/api-specific-auth",
  aliases: ["google", "files", "google workspace"],
  authModes: ["oauth2"],
  oauth2: googleOAuth2({
    scopes: [`${SCOPE}drive.readonly`],
    available: [`${SCOPE}drive`, `${SCOPE}drive.file`, `${SCOPE}drive.metadata.readonly`],
    testRequest: { method: "GET", url: "https://www.googleapis.com/drive/v3/about?fields=user" },
  }),
  api: { baseUrl: "https://www.googleapis.com/drive/v3", auth: { type: "bearer" } },
});

export const googleDocs = defineProvider({
  slug: "google-docs",
  name: "Google Docs",
  description: "Read and edit Google Docs documents.",
  category: "productivity",
  logo: "/logos/google-docs.svg",
  docsUrl: GOOGLE_DOCS_URL,
  aliases: ["google", "documents", "google workspace"],
  authModes: ["oauth2"],
  oauth2: googleOAuth2({
    scopes: [`${SCOPE}documents.readonly`],
    available: [`${SCOPE}documents`, `${SCOPE}drive.file`],
    testRequest: USERINFO_TEST,
  }),
  api: { baseUrl: "https://docs.googleapis.com/v1", auth: { type: "bearer" } },
});

export const googleSheets = defineProvider({
  slug: "google-sheets",
  name: "Google Sheets",
  description: "Read and write Google Sheets spreadsheets and cell ranges.",
  category: "productivity",
  logo: "/logos/google-sheets.svg",
  docsUrl: "https://developers.google.com/sheets/api/scopes",
  aliases: ["google", "spreadsheets", "google workspace"],
  authModes: ["oauth2"],
  oauth2: googleOAuth2({
    scopes: [`${SCOPE}spreadsheets.readonly`],
    available: [`${SCOPE}spreadsheets`, `${SCOPE}drive.file`],
    testRequest: USERINFO_TEST,
  }),
  api: { baseUrl: "https://sheets.googleapis.com/v4", auth: { type: "bearer" } },
});

export const googleSlides = defineProvider({
  slug: "google-slides",
  name: "Google Slides",
  description: "Read and edit Google Slides presentations.",
  category: "productivity",
  logo: "/logos/google-slides.svg",
  docsUrl: "https://developers.google.com/slides/api/scopes",
  aliases: ["google", "presentations", "google workspace"],
  authModes: ["oauth2"],
  oauth2: googleOAuth2({
    scopes: [`${SCOPE}presentations.readonly`],
    available: [`${SCOPE}presentations`, `${SCOPE}drive.file`],
    testRequest: USERINFO_TEST,
  }),
  api: { baseUrl: "https://slides.googleapis.com/v1", auth: { type: "bearer" } },
});

export const googleWorkspaceProviders = [
  gmail,
  googleCalendar,
  googleDrive,
  googleDocs,
  googleSheets,
  googleSlides,
];
