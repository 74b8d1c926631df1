// DELETE /connections/{id}: revoke at the provider, then delete the connection and its secrets. A failed
// revocation is recorded (audit log and the response) and the secrets are deleted anyway.
import { stringRecord } from "@/lib/json-record";
import { recordAudit } from "@/lib/audit/record-audit";
import { assertCanManage } from "@/lib/connections/can-manage";
import type { TAuthContext } from "@/lib/actor";
import { openCredentials } from "@/lib/connections/credentials";
import { loadProviderForConnection } from "@/lib/connections/load-provider-for-connection";
import { deleteConnectionRow, findConnection, findConnectionWithSecret } from "@/lib/connections/repo";
import { connectionScope } from "@/lib/connections/scope";
import { notFound } from "@/lib/errors";
import { log } from "@/lib/log";
import { revokeAtProvider, type TRevocation } from "@/lib/oauth/revoke-token";

export async function disconnectConnection(ctx: TAuthContext, id: string) {
  const visible = await findConnection(connectionScope(ctx), id);
  if (!visible) throw notFound("Connection");
  assertCanManage(ctx, visible);
  const row = await findConnectionWithSecret(visible.teamId, id);
  // A changed provider definition gets no revocation call: the tokens would go to the new endpoints.
  const loaded = row ? await loadProviderForConnection(row) : null;
  const provider = loaded?.ok ? loaded.provider : undefined;
  const app = loaded?.ok ? loaded.app : null;
  let revocation: TRevocation =
    loaded && !loaded.ok
      ? { attempted: false, ok: false, error: "provider definition changed; not revoked at the provider" }
      : { attempted: false, ok: true };
  if (row?.credentialsSealed && provider) {
    try {
      revocation = await revokeAtProvider(
        provider,
        app,
        stringRecord(visible.params),
        openCredentials(id, row.credentialsSealed),
      );
    } catch (err) {
      revocation = { attempted: true, ok: false, error: "the stored credentials could not be read" };
      log.error("revocation skipped", { connectionId: id, error: err });
    }
  }
  await deleteConnectionRow(visible.teamId, id);
  await recordAudit(
    ctx,
    "connection.disconnected",
    { type: "connection", id },
    {
      provider: visible.providerSlug,
      revoked_at_provider: revocation.attempted ? revocation.ok : null,
      revocation_error: revocation.error ?? null,
    },
  );
  return {
    id,
    deleted: true,
    revocation: { attempted: revocation.attempted, ok: revocation.ok, error: revocation.error ?? null },
  };
}
