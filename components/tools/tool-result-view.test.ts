import { describe, expect, it } from "vitest";
import { formFields, inputFrom, viewOf } from "./tool-result-view";

describe("tool result view", () => {
  it("summary from scalars, a table from the first list, a chart from a dated series", () => {
    const v = viewOf({
      currency: "EUR",
      net: 130.25,
      series: [
        { date: "2025-03-01", orders: 1, net: 100 },
        { date: "2025-03-02", orders: 1, net: 30.25 },
      ],
    });
    expect(v.summary).toEqual([
      ["currency", "EUR"],
      ["net", 130.25],
    ]);
    expect(v.table).toMatchObject({ key: "series", columns: ["date", "orders", "net"], total: 2 });
    expect(v.series).toMatchObject({ x: "date", lines: ["orders", "net"] });
    const orders = viewOf({
      orders: [{ id: "1", tags: ["a"], customer: { id: 2 } }],
      partial: false,
      pages: 1,
    });
    expect(orders.table?.rows).toEqual([{ id: "1", tags: "1 item", customer: '{"id":2}' }]);
    expect(orders.summary).toEqual([]); // partial and pages are in the run line, not figures
    expect(viewOf("nope")).toEqual({ summary: [], table: null, series: null });
  });

  it("form fields from the input's JSON Schema, and back to an input", () => {
    const fields = formFields({
      type: "object",
      properties: {
        status: { type: "string", enum: ["open", "any"], default: "any" },
        max_results: { type: "integer", default: 1000 },
        since: { type: "string", description: "ISO date" },
      },
      required: ["status", "max_results"],
    });
    expect(fields.map((f) => [f.name, f.kind, f.required])).toEqual([
      ["status", "select", false],
      ["max_results", "number", false],
      ["since", "text", false],
    ]);
    expect(inputFrom(fields, { status: "open", max_results: "20", since: " " })).toEqual({
      status: "open",
      max_results: 20,
    });
  });
});
