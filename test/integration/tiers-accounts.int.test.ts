// The tier's cap on connected accounts (issue 10 §8): assertAccountCapacity runs inside the transaction that
// creates an account (lib/partners' createAccount at merge). Accounts here are real rows made with Prisma.
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { toErrorResponse } from "@/lib/http/to-error-response";
import { assertAccountCapacity } from "@/lib/tiers/account-cap";
import { AccountLimitReached } from "@/lib/tiers/errors";
import { makeOwner } from "../factories";
import { makeTier } from "../tiers-fixtures";

const accountRow = (teamId: string, extra: { deletingAt?: Date } = {}) => ({
  id: `acc_${crypto.randomBytes(8).toString("hex")}`,
  teamId,
  externalId: `user-${crypto.randomBytes(6).toString("hex")}`,
  ...extra,
});

async function teamWithCap(maxAccounts: number | null) {
  const owner = await makeOwner();
  await db.team.update({ where: { id: owner.teamId }, data: { tierId: await makeTier({ maxAccounts }) } });
  return owner.teamId;
}

/** What createAccount will do: check, then insert, in one transaction. */
const createAccount = (teamId: string) =>
  db.$transaction(async (tx) => {
    await assertAccountCapacity(tx, teamId);
    return tx.connectedAccount.create({ data: accountRow(teamId), select: { id: true } });
  });

describe("assertAccountCapacity", () => {
  it("allows up to the cap, then refuses with 402 account_limit_reached saying the limit and the count", async () => {
    const teamId = await teamWithCap(2);
    await createAccount(teamId);
    await createAccount(teamId);
    const err = await createAccount(teamId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AccountLimitReached);
    expect(await db.connectedAccount.count({ where: { teamId } })).toBe(2); // nothing half-written
    const res = toErrorResponse(err, "req_test");
    expect(res.status).toBe(402);
    const body = (await res.json()) as { error: { code: string; message: string; details: unknown } };
    expect(body.error.code).toBe("account_limit_reached");
    expect(body.error.details).toMatchObject({ limited_by: "tier_max_accounts", limit: 2, current: 2 });
    expect(body.error.message).toMatch(/allows 2 connected accounts/);
  });

  it("does not count accounts being deleted, nor another team's", async () => {
    const teamId = await teamWithCap(1);
    const other = await teamWithCap(1);
    await db.connectedAccount.create({ data: accountRow(teamId, { deletingAt: new Date() }) });
    await db.connectedAccount.create({ data: accountRow(other) });
    await expect(createAccount(teamId)).resolves.toMatchObject({ id: expect.any(String) as string });
    await expect(createAccount(teamId)).rejects.toBeInstanceOf(AccountLimitReached);
  });

  it("holds under concurrent creations in one team (the team row is locked in the transaction)", async () => {
    const teamId = await teamWithCap(3);
    await db.connectedAccount.create({ data: accountRow(teamId) });
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => createAccount(teamId)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    for (const r of results.filter((r) => r.status === "rejected"))
      expect(r.reason).toBeInstanceOf(AccountLimitReached);
    expect(await db.connectedAccount.count({ where: { teamId } })).toBe(3);
  });

  it("an unlimited tier has no cap; an unknown team is not found", async () => {
    const teamId = await teamWithCap(null);
    for (let i = 0; i < 3; i++) await createAccount(teamId);
    const missing = await db
      .$transaction((tx) => assertAccountCapacity(tx, "team_missing"))
      .catch((e: unknown) => e);
    expect(toErrorResponse(missing, "req").status).toBe(404);
  });
});
