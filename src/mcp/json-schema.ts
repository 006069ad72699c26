import type { StandardSchemaWithJSON } from "@modelcontextprotocol/server";
import type * as z from "zod";

type Json = Record<string, unknown>;

function isNullSchema(node: unknown): boolean {
  return typeof node === "object" && node !== null && (node as Json).type === "null";
}

/**
 * Makes a JSON Schema lean for `tools/list` without changing what it accepts in substance:
 * no `$schema`, `X | null` advertised as plain optional `X` (null is still accepted, meaning
 * "not given"), and for output schemas no `additionalProperties` noise.
 */
export function leanSchema(node: unknown, io: "input" | "output"): unknown {
  if (Array.isArray(node)) return node.map((item) => leanSchema(item, io));
  if (typeof node !== "object" || node === null) return node;
  const source = node as Json;
  if (Array.isArray(source.anyOf)) {
    const rest = source.anyOf.filter((option) => !isNullSchema(option));
    if (rest.length === 1 && rest.length < source.anyOf.length) {
      const { anyOf: _anyOf, ...others } = source;
      return leanSchema({ ...(rest[0] as Json), ...others }, io);
    }
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === "$schema") continue;
    if (key === "propertyNames") continue;
    // `additionalProperties: {}` is the default anyway; outputs never need it.
    if (key === "additionalProperties" && (io === "output" || typeof value === "object")) continue;
    if (key === "type" && Array.isArray(value)) {
      const types = value.filter((t) => t !== "null");
      out.type = types.length === 1 ? types[0] : types;
      continue;
    }
    if (key === "minimum" && value === Number.MIN_SAFE_INTEGER) continue;
    if (key === "maximum" && value === Number.MAX_SAFE_INTEGER) continue;
    out[key] = leanSchema(value, io);
  }
  return out;
}

type Result = ReturnType<StandardSchemaWithJSON["~standard"]["validate"]>;
type Settled = Awaited<Result>;
type PathSegment = PropertyKey | { key: PropertyKey };

/** `["items", 17, "type"]` becomes `["items[17]", "type"]`, so errors read `items[17].type: ...`. */
export function bracketPath(path: readonly PathSegment[]): PropertyKey[] {
  const out: PropertyKey[] = [];
  for (const segment of path) {
    const key = typeof segment === "object" && segment !== null ? segment.key : segment;
    if (typeof key === "number" && out.length > 0)
      out[out.length - 1] = `${String(out[out.length - 1])}[${key}]`;
    else out.push(key);
  }
  return out;
}

function withBracketPaths(result: Settled): Settled {
  if (!result.issues) return result;
  return { issues: result.issues.map((issue) => ({ ...issue, path: bracketPath(issue.path ?? []) })) };
}

/** Wraps a zod schema for the SDK: zod validates, the advertised JSON Schema is lean. */
export function forMcp(schema: z.ZodType, io: "input" | "output"): StandardSchemaWithJSON {
  const standard = schema["~standard"] as StandardSchemaWithJSON["~standard"];
  return {
    "~standard": {
      ...standard,
      validate: (value: unknown): Result => {
        const result = standard.validate(value);
        return result instanceof Promise ? result.then(withBracketPaths) : withBracketPaths(result);
      },
      jsonSchema: {
        input: (options) => leanSchema(standard.jsonSchema.input(options), io) as Json,
        output: (options) => leanSchema(standard.jsonSchema.output(options), io) as Json,
      },
    },
  };
}
