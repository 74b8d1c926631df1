import { z } from "zod";

/** null = unlimited */
const ZLimit = z.number().int("Use a whole number").min(0).max(2_000_000_000).nullable();

export const ZTierView = z.object({
  id: z.string(),
  name: z.string(),
  /** API calls per minute per team (API-key calls outside the proxy); null = unlimited */
  api_rpm: ZLimit,
  /** proxied calls per calendar month (UTC) per team; null = unlimited */
  monthly_proxy_calls: ZLimit,
  /** connected accounts (partner mode) per team; null = unlimited */
  max_accounts: ZLimit,
});
export type TTierView = z.infer<typeof ZTierView>;

export const ZTierListItem = ZTierView.extend({ teams: z.number().int() });
export const ZTierList = z.object({ data: z.array(ZTierListItem) });

export const ZTierParams = z.object({ id: z.string().min(1).max(64) });
export const ZTeamParams = z.object({ id: z.string().min(1).max(64) });

export const ZUpdateTierInput = z
  .object({
    name: z.string().trim().min(1, "Give the tier a name").max(60),
    api_rpm: ZLimit.refine((v) => v === null || v >= 1, "At least 1 per minute, or null for unlimited"),
    monthly_proxy_calls: ZLimit,
    max_accounts: ZLimit,
  })
  .partial()
  .strict()
  .refine(
    (v) => Object.keys(v).length > 0,
    "Give at least one of name, api_rpm, monthly_proxy_calls, max_accounts",
  );
export type TUpdateTierInput = z.infer<typeof ZUpdateTierInput>;

export const ZAssignTierInput = z.object({ tier_id: z.string().min(1).max(64) }).strict();
export const ZTeamTierView = z.object({ team_id: z.string(), tier: ZTierView });

const ZQuota = z.object({
  used: z.number().int(),
  /** null = unlimited */
  limit: z.number().int().nullable(),
});

export const ZUsageView = z.object({
  tier: ZTierView,
  /** the calendar month (UTC) the quota counts, and when it starts again */
  month: z.string(),
  resets_at: z.string(),
  quotas: z.object({
    /** proxied calls that reached the provider this month (as of the last flush, plus this instance's unflushed) */
    proxy_calls: ZQuota,
    /** connected accounts now (accounts being deleted excluded) */
    accounts: ZQuota,
    api_rpm: z.object({ limit: z.number().int().nullable() }),
  }),
  /** last 30 UTC days, oldest first; providers with calls in the period */
  calls_per_day: z.array(
    z.object({
      day: z.string(),
      total: z.number().int(),
      by_provider: z.record(z.string(), z.number().int()),
    }),
  ),
  providers: z.array(z.string()),
  /** cumulative count of the connected accounts that exist now, by the day they were created (last 30 days) */
  accounts_over_time: z.array(z.object({ day: z.string(), accounts: z.number().int() })),
  connections_by_status: z.record(z.string(), z.number().int()),
});
export type TUsageView = z.infer<typeof ZUsageView>;
