// zod → JSON Schema 2020-12 (OpenAPI 3.1's dialect) with zod 4's own converter. Inputs are described as a client
// sends them (`io: "input"`: defaults optional, coerced strings as their target type), outputs as we answer them.
import { z } from "zod";
import type { TJsonObject } from "@/lib/openapi/types";

export function toJsonSchema(schema: z.ZodType, io: "input" | "output"): TJsonObject {
  const out = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io,
    // A transform or a custom check has no JSON Schema form: describe what can be described, never throw.
    unrepresentable: "any",
  }) as TJsonObject;
  delete out.$schema;
  return out;
}
