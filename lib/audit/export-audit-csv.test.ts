import { describe, expect, it } from "vitest";
import { csvCell } from "@/lib/audit/export-audit-csv";

describe("csvCell", () => {
  it("quotes, doubles quotes and defuses spreadsheet formulas", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell(null)).toBe("");
    expect(csvCell({ k: 1 })).toBe('"{""k"":1}"');
  });
});
