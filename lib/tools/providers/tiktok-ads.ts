// tiktok-ads tools — owned by the helper that builds them (see notes/tools-core-ready.md); empty until then.
import type { TAnyTool } from "../define-tool";

export const tiktokAdsTools: readonly TAnyTool[] = [];
