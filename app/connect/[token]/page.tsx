import type { Metadata } from "next";
import { headers } from "next/headers";
import { HostedConnect } from "@/components/connect-sessions/hosted-connect";
import { HOSTED_MESSAGES } from "@/components/connect-sessions/messages";
import { openHostedSession } from "@/lib/connect-sessions/hosted";
import { pickLocale } from "@/lib/connect-sessions/locale";

export const dynamic = "force-dynamic";

type TProps = { params: Promise<{ token: string }> };

async function load(token: string) {
  const page = await openHostedSession(token);
  const locale = pickLocale(page.state === "invalid" ? null : page.locale, (await headers()).get("accept-language"));
  return { page, locale };
}

/** White label: the partner's name in the title, never Patchbay's. */
export async function generateMetadata({ params }: TProps): Promise<Metadata> {
  const { page, locale } = await load((await params).token);
  const partner = page.state !== "invalid" ? page.branding?.name : undefined;
  const title = partner
    ? HOSTED_MESSAGES[locale].Hosted.pageTitle.replace("{partner}", partner)
    : HOSTED_MESSAGES[locale].Hosted.invalidTitle;
  return { title: { absolute: title }, robots: { index: false, follow: false }, referrer: "no-referrer" };
}

/** The hosted connect page: the session token in the URL is its only authority (lib/connect-sessions/hosted.ts). */
export default async function HostedConnectPage({ params }: TProps) {
  const { token } = await params;
  const { page, locale } = await load(token);
  return <HostedConnect token={token} page={page} locale={locale} messages={HOSTED_MESSAGES[locale]} />;
}
