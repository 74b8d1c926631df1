// The API reference renderer (Scalar's standalone browser bundle), served from our own origin: the page works
// offline and under our CSP, with no CDN. Read once per process from node_modules (next.config.mjs traces the file
// into standalone builds).
import fs from "node:fs/promises";
import path from "node:path";

const PACKAGE_DIR = path.join(process.cwd(), "node_modules", "@scalar", "api-reference");

let loaded: Promise<{ body: string; version: string }> | undefined;

export function scalarBundle(): Promise<{ body: string; version: string }> {
  loaded ??= (async () => {
    const [js, pkg] = await Promise.all([
      fs.readFile(path.join(PACKAGE_DIR, "dist", "browser", "standalone.js"), "utf8"),
      fs.readFile(path.join(PACKAGE_DIR, "package.json"), "utf8"),
    ]);
    // The source map is not served: drop the comment that would make devtools ask for it.
    const body = js.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, "\n");
    return { body, version: (JSON.parse(pkg) as { version: string }).version };
  })();
  loaded.catch(() => (loaded = undefined));
  return loaded;
}
