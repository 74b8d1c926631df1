import { createElement, Fragment } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

const dialog = (title: string) =>
  createElement(ConfirmDialog, {
    trigger: "Delete",
    title,
    confirmLabel: "Delete",
    onConfirm: () => undefined,
    children: `${title}?`,
  });

describe("ConfirmDialog", () => {
  it("two dialogs on one page have distinct title ids, each dialog labelled by its own title", () => {
    const html = renderToString(
      createElement(Fragment, null, dialog("Delete brand Acme"), dialog("Delete brand Zeta")),
    );

    const labelledBy = [...html.matchAll(/<dialog[^>]*aria-labelledby="([^"]+)"/g)].map((m) => m[1]);
    const titles = new Map(
      [...html.matchAll(/<h2[^>]*id="([^"]+)"[^>]*>([^<]*)<\/h2>/g)].map((m) => [m[1], m[2]]),
    );
    expect(labelledBy).toHaveLength(2);
    expect(new Set(labelledBy).size).toBe(2);
    expect(labelledBy.map((id) => titles.get(id))).toEqual(["Delete brand Acme", "Delete brand Zeta"]);
  });
});
