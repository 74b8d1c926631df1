"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { getConnectionDetailAction, updateConnectionAction } from "@/lib/connections/actions";
import type { TConnectionEvent } from "@/components/connections/status-timeline";
import type { TUpdateConnectionInput } from "@/lib/connections/manage-connection";
import type { TConnectionView } from "@/lib/connections/schemas";

export type TConnectionDetail = { connection: TConnectionView; events: TConnectionEvent[] };

export const connectionKey = (id: string) => ["connection", id] as const;

/** A server action's error as a thrown Error, so React Query's error state carries the message. */
export async function unwrap<T>(
  res: Promise<{ ok: true; data: T } | { ok: false; error: { message: string } }>,
): Promise<T> {
  const out = await res;
  if (!out.ok) throw new Error(out.error.message);
  return out.data;
}

export function useConnectionDetail(initial: TConnectionDetail) {
  const id = initial.connection.id;
  return useQuery({
    queryKey: connectionKey(id),
    initialData: initial,
    // Live: a status change made by a job or another instance shows without a reload.
    refetchInterval: 5_000,
    queryFn: () => unwrap(getConnectionDetailAction({ id })),
  });
}

/**
 * One PATCH use-case (label, settings, roles, enable …) with its own pending and error state. With `optimistic`,
 * the change shows at once and is rolled back if the server refuses it.
 */
export function useUpdateConnection(
  id: string,
  optimistic?: (c: TConnectionView, changes: TUpdateConnectionInput) => TConnectionView,
) {
  const qc = useQueryClient();
  const key = connectionKey(id);
  return useMutation({
    mutationFn: (changes: TUpdateConnectionInput) => unwrap(updateConnectionAction({ id, changes })),
    onMutate: async (changes) => {
      if (!optimistic) return { before: undefined };
      await qc.cancelQueries({ queryKey: key });
      const before = qc.getQueryData<TConnectionDetail>(key);
      if (before)
        qc.setQueryData<TConnectionDetail>(key, {
          ...before,
          connection: optimistic(before.connection, changes),
        });
      return { before };
    },
    onError: (_e, _changes, snapshot) => {
      if (snapshot?.before) qc.setQueryData(key, snapshot.before);
    },
    onSuccess: (connection) =>
      qc.setQueryData<TConnectionDetail>(key, (old) => (old ? { ...old, connection } : old)),
    // Status changes add timeline entries: fetch them.
    onSettled: () => qc.invalidateQueries({ queryKey: key }),
  });
}
