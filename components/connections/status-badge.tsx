import { Badge } from "@/components/ui/card";

const STATUS: Record<string, { text: string; tone: "green" | "amber" | "red" | "neutral" }> = {
  connected: { text: "Connected", tone: "green" },
  needs_reauth: { text: "Needs re-auth", tone: "amber" },
  error: { text: "Error", tone: "red" },
  disabled: { text: "Disabled", tone: "neutral" },
  revoked: { text: "Revoked", tone: "neutral" },
  pending: { text: "Pending", tone: "neutral" },
};

export function StatusBadge({ status }: { status: string }) {
  const s = STATUS[status] ?? { text: status, tone: "neutral" as const };
  return <Badge tone={s.tone}>{s.text}</Badge>;
}
