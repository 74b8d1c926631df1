// Readable component names for the unnamed shared definitions zod emits (by shape, as hoist-defs.ts keys them).
import { z } from "zod";

let names: Record<string, string> | undefined;

export function knownSchemaNames(): Record<string, string> {
  if (names) return names;
  const json = z.toJSONSchema(z.object({ value: z.json() }), { target: "draft-2020-12" });
  const def = json.$defs ? Object.values(json.$defs)[0] : undefined;
  names = def
    ? { [JSON.stringify(def).replace(/"#\/\$defs\/[^"]+"/g, '"#/components/schemas/self"')]: "JsonValue" }
    : {};
  return names;
}
