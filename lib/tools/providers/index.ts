// Every implemented tool, one file per provider. Explicit (no glob): a provider's tools exist when its file
// exports them here; the catalog's `tools` list is derived from this, so it never names a tool that does not run.
import type { TAnyTool } from "../define-tool";
import { figmaTools } from "./figma";
import { githubTools } from "./github";
import { googleAdsTools } from "./google-ads";
import { googleAnalyticsTools } from "./google-analytics";
import { gorgiasTools } from "./gorgias";
import { klaviyoTools } from "./klaviyo";
import { metaAdsTools } from "./meta-ads";
import { posthogTools } from "./posthog";
import { railwayTools } from "./railway";
import { shopifyTools } from "./shopify";
import { slackTools } from "./slack";
import { stripeTools } from "./stripe";
import { tiktokAdsTools } from "./tiktok-ads";
import { vercelTools } from "./vercel";
import { zendeskTools } from "./zendesk";

export const ALL_TOOLS: readonly TAnyTool[] = [
  ...shopifyTools,
  ...stripeTools,
  ...metaAdsTools,
  ...googleAdsTools,
  ...tiktokAdsTools,
  ...klaviyoTools,
  ...posthogTools,
  ...googleAnalyticsTools,
  ...gorgiasTools,
  ...zendeskTools,
  ...slackTools,
  ...githubTools,
  ...vercelTools,
  ...railwayTools,
  ...figmaTools,
];
