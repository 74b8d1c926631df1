// zod's converter puts reused or recursive schemas (z.json(), for one) in a local `$defs` with `#/$defs/…` refs —
// which, embedded in an OpenAPI document, would resolve against the document root. This moves every such
// definition to components.schemas under a stable name (identical definitions share one) and rewrites the refs.
import crypto from "node:crypto";
import type { TJson, TJsonObject } from "@/lib/openapi/types";

const LOCAL_REF = /^#\/\$defs\/(.+)$/;

const isObject = (v: TJson | undefined): v is TJsonObject =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function mapRefs(node: TJson, rename: (local: string) => string | undefined): TJson {
  if (Array.isArray(node)) return node.map((n) => mapRefs(n, rename));
  if (!isObject(node)) return node;
  const out: TJsonObject = {};
  for (const [k, v] of Object.entries(node)) {
    const local = k === "$ref" && typeof v === "string" ? LOCAL_REF.exec(v)?.[1] : undefined;
    const target = local === undefined ? undefined : rename(local);
    out[k] = target === undefined ? mapRefs(v, rename) : `#/components/schemas/${target}`;
  }
  return out;
}

/** A name for a definition: its own id when zod had one (`.meta({ id })`), else a hash of its shape. */
function nameOf(local: string, def: TJson, known: Record<string, string>): string {
  if (!local.startsWith("__schema")) return local;
  const shape = JSON.stringify(mapRefs(def, () => "self"));
  return known[shape] ?? `Schema${crypto.createHash("sha256").update(shape).digest("hex").slice(0, 8)}`;
}

export function hoistDefs(node: TJson, components: TJsonObject, known: Record<string, string> = {}): TJson {
  if (Array.isArray(node)) return node.map((n) => hoistDefs(n, components, known));
  if (!isObject(node)) return node;
  let current: TJsonObject = node;
  const defs = node.$defs;
  if (isObject(defs)) {
    const names = new Map(Object.entries(defs).map(([local, def]) => [local, nameOf(local, def, known)]));
    const { $defs: _drop, ...rest } = mapRefs(node, (l) => names.get(l)) as TJsonObject;
    for (const [local, def] of Object.entries(defs)) {
      const name = names.get(local)!;
      components[name] ??= hoistDefs(
        mapRefs(def, (l) => names.get(l)),
        components,
        known,
      );
    }
    current = rest;
  }
  const out: TJsonObject = {};
  for (const [k, v] of Object.entries(current)) out[k] = hoistDefs(v, components, known);
  return out;
}
