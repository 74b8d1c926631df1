import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import "./globals.css";

// Every page is rendered per request: the CSP nonce (proxy.ts) differs each time, and a prerendered page would
// carry scripts without it, which the policy then blocks.
export const dynamic = "force-dynamic";

// Pages set their own title ("Connections · Acme"); the template adds the product name.
export const metadata: Metadata = {
  title: { default: "Patchbay", template: "%s · Patchbay" },
  description: "Self-hosted connector hub",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
