// Tailwind 4 reads its theme from CSS (app/globals.css, `@theme`); this file points it at our sources
// and is loaded there with `@config`.
import type { Config } from "tailwindcss";

const config: Config = {
  content: ["./app/**/*.{ts,tsx}", "./components/**/*.{ts,tsx}"],
  darkMode: "media",
};
export default config;
