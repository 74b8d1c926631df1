// Shared by the tiers tests: a throw-away tier (never the seeded free/pro/enterprise that every other test's
// teams use), a team on it, and a Stripe API-key connection whose host goes to a local fake speaking Stripe's
// list format.
import crypto from "node:crypto";
import { sendJson, startFake, type FakeHandle } from "@/e2e/fixtures/fake-providers";
import { db } from "@/lib/db";
import { setOutboundHostMapForTests } from "@/lib/outbound/guarded-fetch";
import { makeProxyConnection, proxyTeam, type TProxyTeam } from "./proxy-fixtures";

export async function makeTier(limits: {
  apiRpm?: number | null;
  monthlyProxyCalls?: number | null;
  maxAccounts?: number | null;
}): Promise<string> {
  const id = `test-${crypto.randomBytes(5).toString("hex")}`;
  await db.tier.create({
    data: {
      id,
      name: `Test ${id}`,
      apiRpm: limits.apiRpm ?? null,
      monthlyProxyCalls: limits.monthlyProxyCalls ?? null,
      maxAccounts: limits.maxAccounts ?? null,
    },
  });
  return id;
}

/** A proxy team (owner + API key) already on `tierId` (written before anything cached the team's tier). */
export async function teamOnTier(
  tierId: string,
  scopes: Parameters<typeof proxyTeam>[0] = ["connections:proxy"],
) {
  const team = await proxyTeam(scopes);
  await db.team.update({ where: { id: team.owner.teamId }, data: { tierId } });
  return team;
}

export async function fakeStripe(): Promise<FakeHandle> {
  const fake = await startFake((_req, res) =>
    sendJson(res, 200, {
      object: "list",
      data: [{ id: "ch_1", object: "charge", amount: 1200 }],
      has_more: false,
    }),
  );
  setOutboundHostMapForTests({ "api.stripe.com": fake.url });
  return fake;
}

export function stripeConnection(team: TProxyTeam): Promise<string> {
  return makeProxyConnection(team, "stripe", "api_key", {
    type: "api_key",
    api_key: `sk_test_${crypto.randomBytes(12).toString("hex")}`,
  });
}

/** The first instant of the next calendar month (UTC). */
export function nextMonthUtc(now = new Date()): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString();
}
