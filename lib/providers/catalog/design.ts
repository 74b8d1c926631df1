import { defineProvider } from "../schemas";

export const figma = defineProvider({
  slug: "figma",
  name: "Figma",
  description: "Read Figma design files, components and comments.",
  category: "design",
  logo: "/logos/figma.svg",
  docsUrl: "https://www.figma.com/developers/api#access-tokens",
  aliases: ["design files"],
  authModes: ["api_key"],
  apiKey: {
    label: "Personal access token",
    placeholder: "figd_…",
    instructions: "Settings → Security → Personal access tokens, with read scopes for files.",
    helpUrl: "https://help.figma.com/hc/en-us/articles/8085703771159",
    pattern: "^figd_[A-Za-z0-9_-]{20,}$",
    verify: { method: "GET", url: "https://api.figma.com/v1/me" },
  },
  api: {
    baseUrl: "https://api.figma.com/v1",
    auth: { type: "header", name: "X-Figma-Token" },
  },
});

export const designProviders = [figma];
