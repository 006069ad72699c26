import * as z from "zod";
import { showValue } from "./errors.js";
import { LIMITS } from "./limits.js";

/** Normalises an enum label for lenient matching: case, spaces, dashes and underscores are ignored. */
export function enumKey(value: string): string {
  return value.toLowerCase().replace(/[\s_\-–]+/g, "");
}

/** The short label of a value like "Small (<1,000)" is "Small". */
function shortLabel(value: string): string {
  const paren = value.indexOf(" (");
  return paren > 0 ? value.slice(0, paren) : value;
}

/** Returns the canonical member of `values` that `input` names, or undefined. */
export function matchEnum<T extends string>(
  values: readonly T[],
  input: string,
  aliases: Readonly<Record<string, T>> = {},
): T | undefined {
  const key = enumKey(input.trim());
  return (
    values.find((v) => enumKey(v) === key) ??
    values.find((v) => shortLabel(v) !== v && enumKey(shortLabel(v)) === key) ??
    Object.entries(aliases).find(([alias]) => enumKey(alias) === key)?.[1]
  );
}

/**
 * An enum accepted case-insensitively (and without regard to spaces, dashes or underscores) and
 * stored canonically. JSON Schema advertises the canonical values.
 */
export function enumField<const T extends readonly [string, ...string[]]>(
  typeName: string,
  values: T,
  aliases: Readonly<Record<string, T[number]>> = {},
) {
  const canonicalise = (input: unknown) =>
    typeof input === "string" ? (matchEnum(values, input, aliases) ?? input) : input;
  return z.preprocess(
    canonicalise,
    z.enum(values, {
      error: (issue) => `${showValue(issue.input)} is not a valid ${typeName}; allowed: ${values.join(", ")}`,
    }),
  );
}

const tooLong = (max: number) => (issue: { input?: unknown }) =>
  `is ${(issue.input as string).length} characters; the limit is ${max} (shorten it: nothing is truncated)`;

/** Required text, trimmed, with a hard limit (never silently truncated). */
export function text(max: number, opts: { min?: number } = {}) {
  const min = opts.min ?? 1;
  return z
    .string({ error: (issue) => `expected text, got ${showValue(issue.input)}` })
    .max(max, { error: tooLong(max) })
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .min(min, { error: () => (min === 1 ? "must not be empty" : `must be at least ${min} characters`) }),
    );
}

/** Optional text; an empty string means "no value". */
export function optionalText(max: number) {
  return z
    .string({ error: (issue) => `expected text, got ${showValue(issue.input)}` })
    .max(max, { error: tooLong(max) })
    .transform((s) => s.trim());
}

export const Name = text(LIMITS.name);
export const Description = optionalText(LIMITS.description);

export function boundedInt(min: number, max: number) {
  return z
    .number({
      error: (issue) => `expected a whole number from ${min} to ${max}, got ${showValue(issue.input)}`,
    })
    .int({ error: (issue) => `expected a whole number, got ${showValue(issue.input)}` })
    .min(min, { error: (issue) => `${showValue(issue.input)} is below the minimum ${min}` })
    .max(max, { error: (issue) => `${showValue(issue.input)} is above the maximum ${max}` });
}

export const Tag = z
  .string({ error: (issue) => `expected a tag, got ${showValue(issue.input)}` })
  .max(LIMITS.tag, {
    error: (issue) =>
      `tag ${showValue(issue.input)} is longer than ${LIMITS.tag} characters (nothing is truncated)`,
  })
  .transform((s) => s.trim())
  .pipe(z.string().min(1, { error: () => "a tag must not be empty" }));

/** An array with a bounded number of items. */
export function list<T extends z.ZodType>(item: T, max: number = LIMITS.listItems) {
  return z
    .array(item, { error: (issue) => `expected a list, got ${showValue(issue.input)}` })
    .max(max, { error: () => `has more than ${max} items` });
}

/** A list whose items are de-duplicated and kept in first-seen order. */
export function uniqueList<T extends z.ZodType<string>>(item: T, max: number = LIMITS.listItems) {
  return list(item, max).transform((items) => [...new Set(items as string[])]);
}

/** Entity ids: short prefixed ids, or UUIDs for Threat Composer entities. */
export const EntityId = z
  .string({ error: (issue) => `expected an id, got ${showValue(issue.input)}` })
  .transform((s) => s.trim())
  .check(
    z.refine((s: string) => /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(s), {
      error: (issue) => `${showValue(issue.input)} is not a well-formed id`,
    }),
  );

export const Uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, {
    error: (issue) => `${showValue(issue.input)} is not a UUID`,
  })
  .transform((s) => s.toLowerCase());

/**
 * What is wrong with a free-form JSON value, if anything: nesting deeper than the limit (deep
 * values overflow the stack of every recursive reader, from JSON.stringify to report renderers)
 * or a "__proto__" key (which object copies silently drop). Walks iteratively, so any input is safe.
 */
export function jsonValueProblem(value: unknown, maxDepth: number = LIMITS.jsonDepth): string | undefined {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (node === null || typeof node !== "object") continue;
    if (depth > maxDepth) return `is nested more than ${maxDepth} levels deep`;
    for (const key of Object.keys(node)) {
      if (key === "__proto__" && !Array.isArray(node)) return 'has a key "__proto__", which is not accepted';
      pending.push([(node as Record<string, unknown>)[key], depth + 1]);
    }
  }
  return undefined;
}

/** Free-form JSON object with size and depth caps (component configuration, asset metadata). */
export const JsonObject = z.preprocess(
  (value, ctx) => {
    // Checked before the record copies the object: the copy would drop a "__proto__" key silently.
    const problem = jsonValueProblem(value);
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem, input: value });
    return value;
  },
  z
    .record(z.string(), z.unknown(), {
      error: (issue) => `expected an object, got ${showValue(issue.input)}`,
    })
    .check(
      z.refine((o: Record<string, unknown>) => JSON.stringify(o).length <= LIMITS.configurationBytes, {
        error: () => `is larger than ${LIMITS.configurationBytes} bytes of JSON`,
      }),
    ),
);
