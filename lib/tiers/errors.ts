// The tiers' refusals in their own words; lib/http/to-error-response.ts maps them to 402 quota_exceeded /
// account_limit_reached (the proxy maps them too, with Patchbay-Error: quota_exceeded).
import { DomainError } from "@/lib/domain-error";

export class ProxyQuotaExceeded extends DomainError {
  readonly kind = "quota_exceeded" as const;
  readonly details: Record<string, unknown>;
  constructor(d: { tier: string; limit: number; used: number; resetsAt: Date }) {
    super(
      `This team's ${d.tier} tier allows ${d.limit.toLocaleString("en-US")} proxied calls a month and ` +
        `${d.used.toLocaleString("en-US")} are used; the quota starts again at ${d.resetsAt.toISOString()}.`,
    );
    this.name = "ProxyQuotaExceeded";
    this.details = {
      limited_by: "tier_monthly_proxy_calls",
      tier: d.tier,
      limit: d.limit,
      used: d.used,
      resets_at: d.resetsAt.toISOString(),
    };
  }
}

export class AccountLimitReached extends DomainError {
  readonly kind = "account_limit_reached" as const;
  readonly details: Record<string, unknown>;
  constructor(d: { tier: string; limit: number; current: number }) {
    super(
      `This team's ${d.tier} tier allows ${d.limit.toLocaleString("en-US")} connected accounts and it has ` +
        `${d.current.toLocaleString("en-US")}; delete one or ask for a larger tier.`,
    );
    this.name = "AccountLimitReached";
    this.details = { limited_by: "tier_max_accounts", tier: d.tier, limit: d.limit, current: d.current };
  }
}
