import Link from "next/link";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";

/** The filters of the Connections page, as they appear in its URL (so a view can be bookmarked and shared). */
export type TConnectionFilterValues = {
  q?: string;
  provider?: string;
  status?: string;
  owner?: string;
  brand?: string;
  account_id?: string;
};
export const CONNECTION_FILTER_KEYS = ["q", "provider", "status", "owner", "brand", "account_id"] as const;

const labelClass = "block text-xs font-medium text-zinc-600 dark:text-zinc-400";
const STATUSES = [
  ["connected", "Connected"],
  ["needs_reauth", "Needs re-auth"],
  ["error", "Error"],
  ["disabled", "Disabled"],
  ["pending", "Pending"],
] as const;

/** A plain GET form: works without JavaScript; the server does the filtering (never the browser). */
export function ConnectionFilters({
  values,
  providers,
  brandName,
}: {
  values: TConnectionFilterValues;
  providers: { slug: string; name: string }[];
  brandName: string;
}) {
  const active = CONNECTION_FILTER_KEYS.some((k) => k !== "brand" && values[k]);
  return (
    <form
      method="get"
      action="/connections"
      role="search"
      aria-label="Filter connections"
      className="mb-4 grid grid-cols-2 items-end gap-3 rounded-lg border border-zinc-200 bg-white p-4 md:grid-cols-7 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="col-span-2 space-y-1">
        <label htmlFor="conn-q" className={labelClass}>
          Search
        </label>
        <input
          id="conn-q"
          name="q"
          type="search"
          defaultValue={values.q ?? ""}
          placeholder="Label, account name or e-mail, id prefix"
          maxLength={100}
          className={inputClass}
        />
      </div>
      <div className="space-y-1">
        <label htmlFor="conn-provider" className={labelClass}>
          Provider
        </label>
        <select id="conn-provider" name="provider" defaultValue={values.provider ?? ""} className={inputClass}>
          <option value="">Any provider</option>
          {providers.map((p) => (
            <option key={p.slug} value={p.slug}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <div className="space-y-1">
        <label htmlFor="conn-status" className={labelClass}>
          Status
        </label>
        <select id="conn-status" name="status" defaultValue={values.status ?? ""} className={inputClass}>
          <option value="">Any status</option>
          {STATUSES.map(([v, t]) => (
            <option key={v} value={v}>
              {t}
            </option>
          ))}
        </select>
      </div>
      <div className="space-y-1">
        <label htmlFor="conn-owner" className={labelClass}>
          Owner
        </label>
        <select id="conn-owner" name="owner" defaultValue={values.owner ?? ""} className={inputClass}>
          <option value="">Anyone</option>
          <option value="me">You</option>
          <option value="user">A member</option>
          <option value="shared">Shared with the brand</option>
          <option value="account">A connected account</option>
        </select>
      </div>
      <div className="space-y-1">
        <label htmlFor="conn-brand" className={labelClass}>
          Brand
        </label>
        <select id="conn-brand" name="brand" defaultValue={values.brand ?? ""} className={inputClass}>
          <option value="">{brandName}</option>
          <option value="all">All brands</option>
        </select>
      </div>
      {values.account_id ? <input type="hidden" name="account_id" value={values.account_id} /> : null}
      <div className="flex gap-2">
        <Button type="submit">Apply</Button>
        {active ? (
          <Link
            href={values.brand ? `/connections?brand=${encodeURIComponent(values.brand)}` : "/connections"}
            className="self-center text-sm text-indigo-700 hover:underline dark:text-indigo-400"
          >
            Clear
          </Link>
        ) : null}
      </div>
    </form>
  );
}
