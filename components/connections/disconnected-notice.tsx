"use client";

import { useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { ErrorText } from "@/components/ui/card";
import { notifySuccess } from "@/components/ui/notify";

type TRevocationResult = { attempted: boolean; ok: boolean; error: string | null };

const PARAMS = ["disconnected", "label", "revocation", "revocation_error"] as const;

/** The query the detail page sends the user back to /connections with after a disconnect. */
export function disconnectedNoticeQuery(opts: {
  provider: string;
  label: string | null;
  revocation: TRevocationResult;
}): string {
  const q = new URLSearchParams({ disconnected: opts.provider });
  if (opts.label) q.set("label", opts.label);
  q.set(
    "revocation",
    !opts.revocation.attempted && opts.revocation.ok ? "none" : opts.revocation.ok ? "ok" : "failed",
  );
  if (!opts.revocation.ok && opts.revocation.error)
    q.set("revocation_error", opts.revocation.error.slice(0, 200));
  return q.toString();
}

function message(q: URLSearchParams): { tone: "success" | "error"; text: string } | null {
  const provider = q.get("disconnected")?.slice(0, 80);
  if (!provider) return null;
  const label = q.get("label")?.slice(0, 100);
  const what = label ? `${provider} (${label})` : provider;
  switch (q.get("revocation")) {
    case "ok":
      return {
        tone: "success",
        text: `Disconnected ${what}: access was revoked at ${provider} and the stored credentials were deleted.`,
      };
    case "failed":
      return {
        tone: "error",
        text:
          `Disconnected ${what} and deleted the stored credentials, but revoking access at ${provider} failed` +
          `${q.get("revocation_error") ? ` (${q.get("revocation_error")?.slice(0, 200)})` : ""}. ` +
          `Remove Patchbay's access in your ${provider} account settings.`,
      };
    default:
      return {
        tone: "success",
        text: `Disconnected ${what}: the stored credentials were deleted. ${provider} offers no way to revoke access remotely; remove it in your ${provider} account settings if needed.`,
      };
  }
}

/** What a disconnect did — including a failed revocation — shown once on the connections list. */
export function DisconnectedNotice() {
  const search = useSearchParams();
  const [notice] = useState(() => message(search));
  useEffect(() => {
    // Success is a toast; a failed revocation is an error the reader must act on, so it stays on the page.
    if (notice?.tone === "success") notifySuccess(notice.text);
    // Shown once: a reload or a shared link should not repeat it.
    const url = new URL(window.location.href);
    if (!PARAMS.some((p) => url.searchParams.has(p))) return;
    for (const p of PARAMS) url.searchParams.delete(p);
    window.history.replaceState(null, "", `${url.pathname}${url.search}`);
  }, [notice]);
  if (notice?.tone !== "error") return null;
  return (
    <div className="mb-4" data-testid="disconnect-notice">
      <ErrorText>{notice.text}</ErrorText>
    </div>
  );
}
