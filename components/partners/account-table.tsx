import Link from "next/link";
import { Badge } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import type { TAccountView } from "@/lib/partners/schemas";

export function AccountStatus({ account }: { account: Pick<TAccountView, "status"> }) {
  return account.status === "deleting" ? (
    <Badge tone="amber">Deleting</Badge>
  ) : (
    <Badge tone="green">Active</Badge>
  );
}

export function AccountTable({ accounts }: { accounts: TAccountView[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
      <table className="w-full text-left text-sm">
        <thead className="bg-zinc-50 text-xs uppercase tracking-wide text-zinc-500 dark:bg-zinc-900">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">
              External id
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Name
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Connections
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Status
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Created
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {accounts.map((a) => (
            <tr key={a.id} data-testid="account-row">
              <td className="px-4 py-2 font-mono text-xs">
                <Link
                  className="text-indigo-700 hover:underline dark:text-indigo-400"
                  href={`/accounts/${a.id}`}
                >
                  {a.external_id}
                </Link>
              </td>
              <td className="px-4 py-2">{a.display_name ?? <span className="text-zinc-400">—</span>}</td>
              <td className="px-4 py-2">{a.connection_count}</td>
              <td className="px-4 py-2">
                <AccountStatus account={a} />
              </td>
              <td className="px-4 py-2 text-zinc-500">
                <DateTime iso={a.created_at} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
