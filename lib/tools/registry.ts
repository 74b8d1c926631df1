// The registry of implemented tools: what GET /api/v1/tools, the MCP server, the dashboard and the catalog list.
// Pure (no I/O): running a tool is run-tool.ts.
import type { TAnyTool } from "./define-tool";
import { ALL_TOOLS } from "./providers";

function indexByName(tools: readonly TAnyTool[]): ReadonlyMap<string, TAnyTool> {
  const map = new Map<string, TAnyTool>();
  for (const t of tools) {
    if (map.has(t.name)) throw new Error(`tool ${t.name} is declared twice`);
    map.set(t.name, t);
  }
  return map;
}

const byName = indexByName(ALL_TOOLS);

/** Every implemented tool, sorted by name. */
export const tools: readonly TAnyTool[] = [...ALL_TOOLS].sort((a, b) => a.name.localeCompare(b.name, "en"));

export function getTool(name: string): TAnyTool | undefined {
  return byName.get(name);
}

/** The implemented tools serving a provider (catalog slug), sorted by name. */
export function toolsForProvider(provider: string): TAnyTool[] {
  return tools.filter((t) => t.providers.includes(provider));
}

/** What the catalog shows for a provider: derived from the implemented tools, never a promise of its own. */
export function catalogToolsFor(provider: string): { name: string; description: string }[] {
  return toolsForProvider(provider).map((t) => ({ name: t.name, description: t.title }));
}
