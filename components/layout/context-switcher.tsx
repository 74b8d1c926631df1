"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { switchBrandAction, switchTeamAction } from "@/lib/tenancy/context-actions";
import { inputClass } from "@/components/ui/field";

type TOption = { id: string; name: string };

export function ContextSwitcher({
  teams,
  teamId,
  brands,
  brandId,
}: {
  teams: TOption[];
  teamId: string;
  brands: TOption[];
  brandId: string;
}) {
  const router = useRouter();
  const team = useMutation({ mutationFn: switchTeamAction, onSuccess: () => router.refresh() });
  const brand = useMutation({ mutationFn: switchBrandAction, onSuccess: () => router.refresh() });
  return (
    <div className="flex items-center gap-2">
      {teams.length > 1 ? (
        <select
          aria-label="Team"
          className={`${inputClass} w-auto`}
          value={teamId}
          disabled={team.isPending}
          onChange={(e) => team.mutate({ teamId: e.target.value })}
        >
          {teams.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      ) : null}
      <span aria-hidden className="text-zinc-400">
        /
      </span>
      <select
        aria-label="Brand"
        data-testid="brand-switcher"
        className={`${inputClass} w-auto`}
        value={brandId}
        disabled={brand.isPending}
        onChange={(e) => brand.mutate({ brandId: e.target.value })}
      >
        {brands.map((b) => (
          <option key={b.id} value={b.id}>
            {b.name}
          </option>
        ))}
      </select>
    </div>
  );
}
