// The browser entry must not need Node: bundled for the browser platform (esbuild, as a web app's bundler would),
// with openapi-fetch inside, any `node:` import or Node builtin fails the build; and the bundle may not lean on
// Node globals (Buffer, process, require).
import { build } from "esbuild";
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const entry = fileURLToPath(new URL("./index.ts", import.meta.url));

describe("@patchbay/sdk in a browser", () => {
  it("bundles for the browser platform with no Node builtin and no Node global", async () => {
    const out = await build({
      entryPoints: [entry],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      logLevel: "silent",
      metafile: true,
    });
    expect(out.errors).toEqual([]);
    const inputs = Object.keys(out.metafile.inputs);
    expect(inputs.some((i) => i.includes("openapi-fetch"))).toBe(true);
    expect(
      inputs.filter((i) => i.startsWith("node:") || /(^|\/)node_modules\/@types\/node\//.test(i)),
    ).toEqual([]);
    // Our own modules (openapi-fetch guards its one `typeof process` check itself).
    const ours = inputs.filter((i) => i.startsWith("packages/sdk/src/"));
    expect(ours.length).toBeGreaterThan(3);
    for (const file of ours)
      expect(fs.readFileSync(file, "utf8"), file).not.toMatch(/\bBuffer\b|\bprocess\.|\brequire\(/);
  });
});
