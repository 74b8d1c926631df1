"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { notifySuccess } from "@/components/ui/notify";
import { updateTeamAction } from "@/lib/tenancy/team-actions";
import { formText } from "@/components/ui/form-text";
import { Button } from "@/components/ui/button";
import { Card, ErrorText } from "@/components/ui/card";
import { Field, inputClass } from "@/components/ui/field";
import { fieldErrors } from "@/components/ui/field-errors";

export function TeamSettings({
  name,
  allowedOrigins,
  canManage,
}: {
  name: string;
  allowedOrigins: string[];
  canManage: boolean;
}) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: updateTeamAction,
    onSuccess: (res) => {
      setErrors(res.ok ? {} : { ...fieldErrors(res.error), form: res.error.message });
      if (res.ok) {
        notifySuccess("Team settings saved.");
        router.refresh();
      }
    },
  });
  return (
    <Card>
      <h2 className="mb-3 font-medium">Team settings</h2>
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const origins = formText(f, "origins").split(/\s+/).filter(Boolean);
          save.mutate({ name: formText(f, "name"), allowed_origins: origins });
        }}
      >
        <Field
          id="team-name"
          name="name"
          label="Team name"
          defaultValue={name}
          disabled={!canManage}
          error={errors.name}
        />
        <div className="space-y-1">
          <label htmlFor="origins" className="block text-sm font-medium">
            Allowed return origins
          </label>
          <textarea
            id="origins"
            name="origins"
            rows={3}
            defaultValue={allowedOrigins.join("\n")}
            disabled={!canManage}
            className={inputClass}
            placeholder="https://app.example.com"
          />
          {errors.allowed_origins ? (
            <p className="text-xs text-red-600 dark:text-red-400">{errors.allowed_origins}</p>
          ) : (
            <p className="text-xs text-zinc-500">
              One origin per line. After a redirect-mode connect flow, Patchbay only sends users back to
              these.
            </p>
          )}
        </div>
        <ErrorText>{errors.allowed_origins || errors.name ? null : errors.form}</ErrorText>
        {canManage ? (
          <div className="flex items-center gap-3">
            <Button type="submit" disabled={save.isPending}>
              {save.isPending ? "Saving…" : "Save"}
            </Button>
          </div>
        ) : null}
      </form>
    </Card>
  );
}
