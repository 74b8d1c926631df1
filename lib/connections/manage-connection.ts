// Settings, label, roles, enable/disable and "promote to primary" — the PATCH /connections/{id} use-cases.
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { assertCanManage } from "@/lib/connections/can-manage";
import type { TAuthContext } from "@/lib/actor";
import { changeStatus, findConnection, promotePrimaryRow, updateConnectionRow } from "@/lib/connections/repo";
import { toConnectionView } from "@/lib/connections/schemas";
import { connectionScope } from "@/lib/connections/scope";
import { AppError, notFound } from "@/lib/errors";

export const CONNECTION_ROLES = ["source", "sink", "primary_data_source", "crm_sink"] as const;

export const ZUpdateConnectionInput = z
  .object({
    label: z.string().trim().min(1).max(100).nullable().optional(),
    /** Per-connector settings (sender alias, default labels, ad account id …): non-secret, ≤ 30 keys. */
    settings: z
      .record(
        z
          .string()
          .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/)
          .max(64),
        z.union([
          z.string().max(1000),
          z.number(),
          z.boolean(),
          z.null(),
          z.array(z.string().max(200)).max(50),
        ]),
      )
      .refine((s) => Object.keys(s).length <= 30, "At most 30 settings")
      .optional(),
    roles: z.array(z.enum(CONNECTION_ROLES)).max(4).optional(),
    /** Make this the brand's primary connection for a role (the previous primary loses it). */
    promote_to_primary: z.enum(CONNECTION_ROLES).optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, "Send at least one field to change");
export type TUpdateConnectionInput = z.infer<typeof ZUpdateConnectionInput>;

export async function updateConnection(ctx: TAuthContext, id: string, input: TUpdateConnectionInput) {
  const scope = connectionScope(ctx);
  const row = await findConnection(scope, id);
  if (!row) throw notFound("Connection");
  assertCanManage(ctx, row);
  if ((input.promote_to_primary || input.roles) && row.ownerKind !== "shared" && ctx.role === "member") {
    // Roles steer what agents use for the whole brand: members may set them only on their own connections.
    if (row.ownerUserId !== (ctx.actor.kind === "user" ? ctx.actor.userId : null))
      throw notFound("Connection");
  }
  await updateConnectionRow(row.teamId, id, {
    ...(input.label !== undefined ? { label: input.label } : {}),
    ...(input.settings ? { settings: input.settings } : {}),
    ...(input.roles
      ? {
          roles: input.roles,
          primaryRoles: row.primaryRoles.filter((r) => input.roles!.includes(r as never)),
        }
      : {}),
  });
  if (input.promote_to_primary)
    await promotePrimaryRow(row.teamId, row.brandId, id, input.promote_to_primary);
  if (input.enabled === false && row.status !== "disabled") {
    await changeStatus(row.teamId, id, "disabled", "disabled by a user");
  } else if (input.enabled === true && row.status === "disabled") {
    await changeStatus(row.teamId, id, "connected", "enabled by a user", {}, { leaveDisabled: true });
  } else if (input.enabled === true && row.status !== "connected" && row.status !== "disabled") {
    throw new AppError("conflict", {
      message: `The connection is ${row.status}; reconnect it instead of enabling it.`,
    });
  }
  await recordAudit(ctx, "connection.updated", { type: "connection", id }, { fields: Object.keys(input) });
  const after = await findConnection(scope, id);
  return toConnectionView(after!);
}
