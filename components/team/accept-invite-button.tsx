"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { acceptInviteAction } from "@/lib/tenancy/invite-actions";
import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/card";

export function AcceptInviteButton({ token }: { token: string }) {
  const router = useRouter();
  const accept = useMutation({
    mutationFn: () => acceptInviteAction({ token }),
    onSuccess: (res) => {
      if (res.ok) router.replace("/");
    },
  });
  return (
    <div className="space-y-2">
      <Button onClick={() => accept.mutate()} disabled={accept.isPending}>
        {accept.isPending ? "Joining…" : "Join team"}
      </Button>
      <ErrorText>{accept.data && !accept.data.ok ? accept.data.error.message : null}</ErrorText>
    </div>
  );
}
