import type { StandardSchemaWithJSON } from "@modelcontextprotocol/server";
import type * as z from "zod";

type Json = Record<string, unknown>;

function isObject(node: unknown): node is Json {
  return typeof node === "object" && node !== null && !Array.isArray(node);
}

function isNullSchema(node: unknown): boolean {
  return isObject(node) && node.type === "null";
}

/** The string values an option allows, if it is a plain string enum or const. */
function stringValues(option: unknown): string[] | undefined {
  if (!isObject(option) || option.type !== "string") return undefined;
  const extra = Object.keys(option).filter((k) => !["type", "enum", "const"].includes(k));
  if (extra.length > 0) return undefined;
  if (Array.isArray(option.enum)) return option.enum as string[];
  if (typeof option.const === "string") return [option.const];
  return undefined;
}

/** How much of a schema a toolset advertises (validation is the same: zod checks every call). */
export interface SchemaStyle {
  /** Keep the `description` of each parameter. */
  parameterDescriptions: boolean;
}
export const DETAILED: SchemaStyle = { parameterDescriptions: true };
export const TERSE: SchemaStyle = { parameterDescriptions: false };

/**
 * Keywords not worth their bytes in `tools/list`: size caps on lists and texts (zod refuses an
 * over-long value with an error naming the field and the limit; nothing is ever truncated) and
 * `additionalProperties` (every object is strict: an unknown field is refused by name).
 */
const DROPPED = new Set(["$schema", "propertyNames", "maxItems", "maxLength", "additionalProperties"]);

interface Walk {
  style: SchemaStyle;
  /** Descriptions already given in this tool's schema: a repeat is left out. */
  seen: Set<string>;
}

/**
 * Makes an input JSON Schema lean for `tools/list` without changing what is accepted: `X | null`
 * advertised as optional `X` (null still means "not given"), unions of string values as one enum,
 * the keywords above left out, a description repeated within one tool given once, and per `style`
 * no parameter prose.
 */
export function leanInput(node: unknown, style: SchemaStyle = DETAILED): unknown {
  return walk(node, { style, seen: new Set() });
}

function walk(node: unknown, ctx: Walk): unknown {
  if (Array.isArray(node)) return node.map((item) => walk(item, ctx));
  if (!isObject(node)) return node;
  if (Array.isArray(node.anyOf)) {
    const { anyOf, ...others } = node;
    const rest = anyOf.filter((option) => !isNullSchema(option));
    if (rest.length === 1 && rest.length < anyOf.length)
      return walk({ ...(rest[0] as Json), ...others }, ctx);
    const values = rest.map(stringValues);
    if (values.every((v) => v !== undefined)) {
      return walk({ ...others, type: "string", enum: [...new Set(values.flat())] }, ctx);
    }
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED.has(key)) continue;
    if (key === "description") {
      if (!ctx.style.parameterDescriptions || typeof value !== "string" || ctx.seen.has(value)) continue;
      ctx.seen.add(value);
    }
    if (key === "minimum" && value === Number.MIN_SAFE_INTEGER) continue;
    if (key === "maximum" && value === Number.MAX_SAFE_INTEGER) continue;
    if (key === "type" && Array.isArray(value)) {
      const types = value.filter((t) => t !== "null");
      out.type = types.length === 1 ? types[0] : types;
      continue;
    }
    if (key === "properties" && isObject(value)) {
      // Keys here are parameter names, not keywords: keep every one.
      out.properties = Object.fromEntries(
        Object.entries(value).map(([name, schema]) => [name, walk(schema, ctx)]),
      );
      continue;
    }
    out[key] = walk(value, ctx);
  }
  return out;
}

/**
 * Output schemas are advertised as plain objects: results are always structured objects, the
 * server validates each one against its full zod schema before sending it, and the fields are
 * documented in the README's tool reference. Repeating them per tool would cost a third of
 * `tools/list` for no use by the model.
 */
export const OUTPUT_SCHEMA = { type: "object" } as const;

/** Wraps a zod schema for the SDK: zod validates, the advertised JSON Schema is lean. */
export function forMcp(
  schema: z.ZodType,
  io: "input" | "output",
  style: SchemaStyle = DETAILED,
): StandardSchemaWithJSON {
  const standard = schema["~standard"] as StandardSchemaWithJSON["~standard"];
  const advertise = (json: Json): Json =>
    io === "input" ? (leanInput(json, style) as Json) : { ...OUTPUT_SCHEMA };
  return {
    "~standard": {
      ...standard,
      validate: (value: unknown): Result => {
        const result = standard.validate(value);
        return result instanceof Promise ? result.then(withBracketPaths) : withBracketPaths(result);
      },
      jsonSchema: {
        input: (options) => advertise(standard.jsonSchema.input(options)),
        output: (options) => advertise(standard.jsonSchema.output(options)),
      },
    },
  };
}

/**
 * A schema whose advertised JSON is known up front (precomputed from the zod schema) and whose zod
 * schema is loaded on first validation: registering a tool then costs no schema construction.
 * Validation is the same as `forMcp` gives.
 */
export function deferredSchema(
  advertised: Json,
  load: () => Promise<z.ZodType>,
  io: "input" | "output",
): StandardSchemaWithJSON {
  return {
    "~standard": {
      version: 1,
      vendor: "threatmodel",
      validate: async (value: unknown) => forMcp(await load(), io)["~standard"].validate(value),
      jsonSchema: { input: () => advertised, output: () => advertised },
    },
  };
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
