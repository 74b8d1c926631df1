// Stripe tools — being written (see notes/tools.md).
import type { TAnyTool } from "../define-tool";

export const stripeTools: readonly TAnyTool[] = [];
