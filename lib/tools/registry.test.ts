// The registry of implemented tools and the catalog derived from it: every tool is well declared, serves a real
// provider, and the catalog lists exactly the implemented tools — it never promises one that does not run.
import { describe, expect, it } from "vitest";
import { providers } from "@/lib/providers/registry";
import { TOOL_NAME, inputJsonSchema, outputJsonSchema } from "./define-tool";
import { catalogToolsFor, getTool, tools, toolsForProvider } from "./registry";
import { PROVIDER_PAGINATION } from "./pagination";

describe("the tool registry", () => {
  it("names are provider.snake_case and unique; each serves catalog providers with a declared pagination", () => {
    const slugs = new Set(providers.map((p) => p.slug));
    expect(new Set(tools.map((t) => t.name)).size).toBe(tools.length);
    for (const t of tools) {
      expect(t.name).toMatch(TOOL_NAME);
      for (const p of t.providers) {
        expect(slugs.has(p), `${t.name} serves unknown provider ${p}`).toBe(true);
        expect(PROVIDER_PAGINATION[p], `${p} declares no pagination`).toBeDefined();
      }
      expect(getTool(t.name)).toBe(t);
    }
  });

  it("every tool's input and output have a JSON Schema (for REST, MCP and the dashboard form)", () => {
    for (const t of tools) {
      expect(inputJsonSchema(t).type, t.name).toBe("object");
      expect(outputJsonSchema(t).type, t.name).toBe("object");
    }
  });

  it("read tools need read scopes only; a write tool says so", () => {
    for (const t of tools) expect(["read", "write"]).toContain(t.access);
  });

  it("the catalog's tools are exactly the implemented ones, per provider", () => {
    for (const p of providers) {
      expect(catalogToolsFor(p.slug).map((t) => t.name)).toEqual(toolsForProvider(p.slug).map((t) => t.name));
    }
    expect(catalogToolsFor("shopify").map((t) => t.name)).toEqual([
      "shopify.list_customers",
      "shopify.list_orders",
      "shopify.list_products",
      "shopify.revenue",
    ]);
    expect(catalogToolsFor("notion")).toEqual([]); // proxy-only: no tool is promised
  });
});
