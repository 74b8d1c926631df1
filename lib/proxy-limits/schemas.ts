import { z } from "zod";

const ZRpm = z.number().int("Use a whole number of requests per minute").min(1).max(1_000_000);

export const ZProxyLimitsView = z.object({
  /** requests per minute per API key (per instance) */
  key_rpm: ZRpm,
  /** requests per minute per connection (per instance) */
  connection_rpm: ZRpm,
});
export type TProxyLimitsView = z.infer<typeof ZProxyLimitsView>;

export const ZUpdateProxyLimitsInput = ZProxyLimitsView.partial()
  .strict()
  .refine(
    (v) => v.key_rpm !== undefined || v.connection_rpm !== undefined,
    "Give key_rpm, connection_rpm or both",
  );
export type TUpdateProxyLimitsInput = z.infer<typeof ZUpdateProxyLimitsInput>;
