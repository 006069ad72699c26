import * as z from "zod";
import { matchEnum } from "../domain/fields.js";
import { VIEW_FIELDS, type FieldSpec, type ViewKind } from "./schema.js";
import type { View } from "./views.js";

/**
 * The threat library's condition language: a small declarative tree evaluated by the interpreter
 * below (no eval, no Function). Grammar:
 *
 *   Condition := { all: [Condition...] } | { any: [Condition...] } | { not: Condition }
 *              | { has: trait }                                   element has a derived trait
 *              | { some: Rel, where?: Condition }                 at least one related element matches
 *              | { none: Rel, where?: Condition }                 no related element matches
 *              | { count: Rel, where?: Condition, gte?: n, lte?: n }
 *              | { field: Path, <op>: operand }                   exactly one operator:
 *                  eq | ne | in | not_in | exists | contains | contains_any | matches | gt | gte | lt | lte
 *   Path := name ("." name)*    to-one relations step into the related element (source.trust_level)
 *   Rel  := Path ending in a to-many relation (inbound, outbound, connections, flows, actors, ...)
 *
 * Unset values: eq/in/contains/comparisons are false, ne/not_in are true, exists is false.
 * gt/gte/lt/lte compare numbers, or ordered enums (trust level, classification, capability...) by rank.
 */

export type Scalar = string | number | boolean;
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { has: string }
  | { some: string; where?: Condition }
  | { none: string; where?: Condition }
  | { count: string; where?: Condition; gte?: number; lte?: number }
  | FieldCondition;

const OPERATORS = [
  "eq",
  "ne",
  "in",
  "not_in",
  "exists",
  "contains",
  "contains_any",
  "matches",
  "gt",
  "gte",
  "lt",
  "lte",
] as const;
type Operator = (typeof OPERATORS)[number];
export interface FieldCondition {
  field: string;
  eq?: Scalar;
  ne?: Scalar;
  in?: Scalar[];
  not_in?: Scalar[];
  exists?: boolean;
  contains?: Scalar;
  contains_any?: Scalar[];
  matches?: string[];
  gt?: Scalar;
  gte?: Scalar;
  lt?: Scalar;
  lte?: Scalar;
}

const ScalarSchema = z.union([z.string(), z.number(), z.boolean()]);
const Name = z
  .string()
  .regex(/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$/, "expected a field path like source.trust_level");

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(ConditionSchema).min(1) }),
    z.strictObject({ any: z.array(ConditionSchema).min(1) }),
    z.strictObject({ not: ConditionSchema }),
    z.strictObject({ has: z.string().min(1) }),
    z.strictObject({ some: Name, where: ConditionSchema.optional() }),
    z.strictObject({ none: Name, where: ConditionSchema.optional() }),
    z.strictObject({
      count: Name,
      where: ConditionSchema.optional(),
      gte: z.number().int().min(0).optional(),
      lte: z.number().int().min(0).optional(),
    }),
    z
      .strictObject({
        field: Name,
        eq: ScalarSchema.optional(),
        ne: ScalarSchema.optional(),
        in: z.array(ScalarSchema).min(1).optional(),
        not_in: z.array(ScalarSchema).min(1).optional(),
        exists: z.boolean().optional(),
        contains: ScalarSchema.optional(),
        contains_any: z.array(ScalarSchema).min(1).optional(),
        matches: z.array(z.string().min(1)).min(1).optional(),
        gt: ScalarSchema.optional(),
        gte: ScalarSchema.optional(),
        lt: ScalarSchema.optional(),
        lte: ScalarSchema.optional(),
      })
      .refine((c) => OPERATORS.filter((op) => c[op] !== undefined).length === 1, {
        message: `a field condition takes exactly one operator: ${OPERATORS.join(", ")}`,
      }),
  ]),
) as z.ZodType<Condition>;

export class ConditionError extends Error {}

/** A compiled condition: `notes`, when given, collects why it held (only on success). */
export type Test = (view: View, notes?: string[]) => boolean;

interface Resolved {
  segments: string[];
  specs: FieldSpec[];
}

/** Resolves a path from elements of `kinds`, checking every step against the schema. */
function resolvePath(kinds: readonly ViewKind[], path: string, where: string): Resolved {
  const segments = path.split(".");
  let current: readonly ViewKind[] = kinds;
  let specs: FieldSpec[] = [];
  for (let i = 0; i < segments.length; i++) {
    const name = segments[i]!;
    specs = current.flatMap((k) => (VIEW_FIELDS[k][name] ? [VIEW_FIELDS[k][name]] : []));
    if (specs.length === 0) {
      throw new ConditionError(
        `${where}: ${current.join("/")} has no field ${JSON.stringify(name)} (in ${JSON.stringify(path)})`,
      );
    }
    if (i === segments.length - 1) break;
    if (specs.every((s) => s.type === "object")) return { segments, specs };
    const refs = specs.filter((s): s is Extract<FieldSpec, { type: "ref" }> => s.type === "ref");
    if (refs.length !== specs.length) {
      throw new ConditionError(
        `${where}: ${JSON.stringify(name)} in ${JSON.stringify(path)} is not a to-one relation, so nothing can follow it`,
      );
    }
    current = [...new Set(refs.flatMap((r) => r.kinds))];
  }
  return { segments, specs };
}

function read(view: View, segments: readonly string[]): unknown {
  let value: unknown = view;
  for (const segment of segments) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

const show = (value: unknown) =>
  typeof value === "string" ? value : Array.isArray(value) ? `[${value.join(", ")}]` : JSON.stringify(value);

/** Canonical operand for an enum field (case-insensitive in the rule file), or an error naming the choices. */
function canonical(specs: readonly FieldSpec[], operand: Scalar, where: string, path: string): Scalar {
  const enums = specs.filter(
    (s): s is Extract<FieldSpec, { type: "enum" | "enums" }> => s.type === "enum" || s.type === "enums",
  );
  if (enums.length === 0 || enums.length !== specs.length) return operand;
  if (typeof operand !== "string")
    throw new ConditionError(
      `${where}: ${path} takes one of its enum values, not ${JSON.stringify(operand)}`,
    );
  for (const spec of enums) {
    const hit = matchEnum(spec.values, operand);
    if (hit !== undefined) return hit;
  }
  throw new ConditionError(
    `${where}: ${JSON.stringify(operand)} is not a value of ${path}; allowed: ${[...new Set(enums.flatMap((s) => s.values))].join(", ")}`,
  );
}

function checkType(specs: readonly FieldSpec[], operand: Scalar, where: string, path: string): void {
  for (const spec of specs) {
    const ok =
      spec.type === "object" ||
      spec.type === "enum" ||
      spec.type === "enums" ||
      (spec.type === "boolean" && typeof operand === "boolean") ||
      (spec.type === "number" && typeof operand === "number") ||
      ((spec.type === "text" || spec.type === "texts") && typeof operand === "string");
    if (!ok)
      throw new ConditionError(
        `${where}: ${path} is ${spec.type}; ${JSON.stringify(operand)} cannot be compared with it`,
      );
  }
}

/** " (C1 tagged "llm")" when the list read is an element's traits. */
function traitReason(view: View, segments: readonly string[], trait: Scalar): string {
  if (segments[segments.length - 1] !== "traits") return "";
  const owner = read(view, segments.slice(0, -1)) as
    { name?: string; trait_reasons?: Map<string, string> } | undefined;
  const reason = owner?.trait_reasons?.get(String(trait));
  return reason ? ` (${owner?.name}: ${reason})` : "";
}

const equal = (a: unknown, b: Scalar) =>
  typeof a === "string" && typeof b === "string" ? a.toLowerCase() === b.toLowerCase() : a === b;

function compileField(c: FieldCondition, kinds: readonly ViewKind[], where: string): Test {
  const op = OPERATORS.find((o) => c[o] !== undefined)! as Operator;
  const { segments, specs } = resolvePath(kinds, c.field, where);
  const path = c.field;
  const types = new Set(specs.map((s) => s.type));
  const isList = types.has("texts") || types.has("enums") || types.has("refs");
  const fail = (why: string): never => {
    throw new ConditionError(`${where}: ${op} cannot be used on ${path} (${why})`);
  };
  const note = (notes: string[] | undefined, text: string) => notes?.push(text);

  switch (op) {
    case "exists": {
      const want = c.exists!;
      return (view, notes) => {
        const value = read(view, segments);
        const present =
          value !== undefined &&
          value !== null &&
          value !== "" &&
          !(Array.isArray(value) && value.length === 0);
        if (present !== want) return false;
        note(notes, want ? `${path} is ${show(value)}` : `${path} is not set`);
        return true;
      };
    }
    case "eq":
    case "ne": {
      if (isList || types.has("ref")) fail("it is a list or relation; use contains, some or exists");
      checkType(specs, c[op]!, where, path);
      const operand = canonical(specs, c[op]!, where, path);
      const wantEqual = op === "eq";
      return (view, notes) => {
        const value = read(view, segments);
        const same = value !== undefined && equal(value, operand);
        if (same !== wantEqual) return false;
        note(
          notes,
          wantEqual
            ? `${path} is ${show(value)}`
            : `${path} is ${value === undefined ? "not set" : show(value)} (not ${show(operand)})`,
        );
        return true;
      };
    }
    case "in":
    case "not_in": {
      if (isList || types.has("ref")) fail("it is a list or relation; use contains_any");
      const operands = c[op]!.map((o) => {
        checkType(specs, o, where, path);
        return canonical(specs, o, where, path);
      });
      const wantIn = op === "in";
      return (view, notes) => {
        const value = read(view, segments);
        const inside = value !== undefined && operands.some((o) => equal(value, o));
        if (inside !== wantIn) return false;
        note(
          notes,
          wantIn
            ? `${path} is ${show(value)}`
            : `${path} is ${value === undefined ? "not set" : show(value)} (none of ${operands.join(", ")})`,
        );
        return true;
      };
    }
    case "contains":
    case "contains_any": {
      if (!(types.has("texts") || types.has("enums")) || types.size !== 1) fail("it is not a list of values");
      const operands = (op === "contains" ? [c.contains!] : c.contains_any!).map((o) => {
        checkType(specs, o, where, path);
        return canonical(specs, o, where, path);
      });
      return (view, notes) => {
        const value = read(view, segments);
        if (!Array.isArray(value)) return false;
        const hit = operands.find((o) => value.some((v) => equal(v, o)));
        if (hit === undefined) return false;
        if (notes) notes.push(`${path} includes ${show(hit)}${traitReason(view, segments, hit)}`);
        return true;
      };
    }
    case "matches": {
      if (!(types.has("text") || types.has("texts") || types.has("object"))) fail("it is not text");
      const needles = c.matches!.map(
        (k) =>
          ` ${k
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, " ")
            .trim()} `,
      );
      return (view, notes) => {
        const value = read(view, segments);
        const texts = Array.isArray(value) ? value : [value];
        for (const text of texts) {
          if (typeof text !== "string") continue;
          const words = ` ${text
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, " ")
            .trim()} `;
          const hit = needles.find((n) => words.includes(n));
          if (hit) {
            note(notes, `${path} ${JSON.stringify(text)} mentions ${JSON.stringify(hit.trim())}`);
            return true;
          }
        }
        return false;
      };
    }
    case "gt":
    case "gte":
    case "lt":
    case "lte": {
      const operand = c[op]!;
      let rank: (v: unknown) => number | undefined;
      let bound: number;
      if (specs.every((s) => s.type === "number")) {
        if (typeof operand !== "number") fail(`it is a number; ${JSON.stringify(operand)} is not`);
        rank = (v) => (typeof v === "number" ? v : undefined);
        bound = operand as number;
      } else {
        const ordered = specs.filter(
          (s): s is Extract<FieldSpec, { type: "enum" }> => s.type === "enum" && s.ordered === true,
        );
        if (ordered.length !== specs.length) fail("it is neither a number nor an ordered enum");
        const value = canonical(specs, operand, where, path) as string;
        const scale = ordered.find((s) => s.values.includes(value))!.values;
        rank = (v) => (typeof v === "string" && scale.includes(v) ? scale.indexOf(v) : undefined);
        bound = scale.indexOf(value);
      }
      const symbol = { gt: ">", gte: "≥", lt: "<", lte: "≤" }[op];
      const holds = {
        gt: (a: number) => a > bound,
        gte: (a: number) => a >= bound,
        lt: (a: number) => a < bound,
        lte: (a: number) => a <= bound,
      }[op];
      return (view, notes) => {
        const value = read(view, segments);
        const r = rank(value);
        if (r === undefined || !holds(r)) return false;
        note(notes, `${path} is ${show(value)} (${symbol} ${show(operand)})`);
        return true;
      };
    }
  }
}

function relation(
  kinds: readonly ViewKind[],
  path: string,
  where: string,
): { segments: string[]; kinds: ViewKind[] } {
  const { segments, specs } = resolvePath(kinds, path, where);
  const refs = specs.filter((s): s is Extract<FieldSpec, { type: "refs" }> => s.type === "refs");
  if (refs.length === 0 || refs.length !== specs.length) {
    throw new ConditionError(
      `${where}: ${JSON.stringify(path)} is not a to-many relation (some/none/count need one)`,
    );
  }
  return { segments, kinds: [...new Set(refs.flatMap((r) => r.kinds))] };
}

/**
 * Checks a condition against the schema for elements of `kinds` and compiles it. `traits` are the
 * trait names `has` may use. Throws ConditionError naming the rule and the problem.
 */
export function compileCondition(
  condition: Condition,
  kinds: readonly ViewKind[],
  traits: ReadonlySet<string>,
  where: string,
): Test {
  if ("all" in condition) {
    const parts = condition.all.map((c, i) => compileCondition(c, kinds, traits, `${where}.all[${i}]`));
    return (view, notes) => {
      const mark = notes?.length ?? 0;
      for (const part of parts) {
        if (!part(view, notes)) {
          if (notes) notes.length = mark;
          return false;
        }
      }
      return true;
    };
  }
  if ("any" in condition) {
    const parts = condition.any.map((c, i) => compileCondition(c, kinds, traits, `${where}.any[${i}]`));
    return (view, notes) => parts.some((part) => part(view, notes));
  }
  if ("not" in condition) {
    const inner = compileCondition(condition.not, kinds, traits, `${where}.not`);
    const text = describe(condition.not);
    return (view, notes) => {
      if (inner(view)) return false;
      notes?.push(`not (${text})`);
      return true;
    };
  }
  if ("has" in condition) {
    if (!kinds.every((k) => k === "component" || k === "data_store")) {
      throw new ConditionError(
        `${where}: has (traits) applies to components and data stores, not ${kinds.join("/")}`,
      );
    }
    if (!traits.has(condition.has)) {
      throw new ConditionError(
        `${where}: unknown trait ${JSON.stringify(condition.has)}; known: ${[...traits].sort().join(", ")}`,
      );
    }
    const trait = condition.has;
    return (view, notes) => {
      if (!(view.traits as string[]).includes(trait)) return false;
      const reason = (view as { trait_reasons?: Map<string, string> }).trait_reasons?.get(trait);
      notes?.push(`${view.name} is ${trait.replace(/_/g, " ")}${reason ? ` (${reason})` : ""}`);
      return true;
    };
  }
  if ("some" in condition || "none" in condition || "count" in condition) {
    const path =
      "some" in condition ? condition.some : "none" in condition ? condition.none : condition.count;
    const rel = relation(kinds, path, where);
    const inner = condition.where
      ? compileCondition(condition.where, rel.kinds, traits, `${where}.where`)
      : () => true;
    if ("some" in condition) {
      return (view, notes) => {
        for (const other of (read(view, rel.segments) as View[] | undefined) ?? []) {
          const sub: string[] | undefined = notes ? [] : undefined;
          if (inner(other, sub)) {
            notes?.push(`${path} ${other.id}${sub && sub.length > 0 ? `: ${sub.join("; ")}` : ""}`);
            return true;
          }
        }
        return false;
      };
    }
    if ("none" in condition) {
      return (view, notes) => {
        const found = ((read(view, rel.segments) as View[] | undefined) ?? []).some((other) => inner(other));
        if (found) return false;
        notes?.push(condition.where ? `no ${path} where ${describe(condition.where)}` : `no ${path}`);
        return true;
      };
    }
    const { gte, lte } = condition;
    if (gte === undefined && lte === undefined) throw new ConditionError(`${where}: count needs gte or lte`);
    return (view, notes) => {
      const n = ((read(view, rel.segments) as View[] | undefined) ?? []).filter((other) =>
        inner(other),
      ).length;
      if ((gte !== undefined && n < gte) || (lte !== undefined && n > lte)) return false;
      notes?.push(`${n} ${path}${condition.where ? ` where ${describe(condition.where)}` : ""}`);
      return true;
    };
  }
  return compileField(condition, kinds, where);
}

/** A short human reading of a condition (used for not/none explanations). */
export function describe(condition: Condition): string {
  if ("all" in condition) return condition.all.map(describe).join(" and ");
  if ("any" in condition) return `(${condition.any.map(describe).join(" or ")})`;
  if ("not" in condition) return `not ${describe(condition.not)}`;
  if ("has" in condition) return `is ${condition.has.replace(/_/g, " ")}`;
  if ("some" in condition)
    return `some ${condition.some}${condition.where ? ` where ${describe(condition.where)}` : ""}`;
  if ("none" in condition)
    return `no ${condition.none}${condition.where ? ` where ${describe(condition.where)}` : ""}`;
  if ("count" in condition) return `count of ${condition.count}`;
  const op = OPERATORS.find((o) => condition[o] !== undefined)!;
  return `${condition.field} ${op.replace("_", " ")} ${show(condition[op])}`;
}
