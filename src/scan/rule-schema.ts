import * as z from "zod";
import { FAMILIES, STRIDE } from "./families.js";
import { LANGUAGES } from "./languages.js";

/**
 * Constructs that the rule regexes may not use, so that every pattern stays linear-time and can be
 * handed unchanged to ripgrep (Rust regex syntax) for the benchmark: look-arounds, back-references
 * and named groups. Negative conditions go into `unless` instead.
 */
const FORBIDDEN_SYNTAX: ReadonlyArray<[RegExp, string]> = [
  [/\(\?<?[=!]/, "look-around assertions are not allowed (use `unless`)"],
  [/\(\?<[A-Za-z]/, "named groups are not allowed"],
  [/\(\?[a-z]+[:)]/, "inline flags are not allowed (use ignore_case)"],
  [/\\[1-9]/, "back-references are not allowed"],
  [/\\[/`'"#@%&~:;,<>=]/, "escape only regex metacharacters (Rust regex rejects other escapes)"],
];

function checkRegex(source: string, ctx: z.RefinementCtx, field: string): void {
  for (const [bad, why] of FORBIDDEN_SYNTAX) {
    if (bad.test(source)) ctx.addIssue({ code: "custom", message: `${field}: ${why}`, path: [field] });
  }
  try {
    new RegExp(source, "gm");
  } catch (error) {
    ctx.addIssue({ code: "custom", message: `${field}: ${(error as Error).message}`, path: [field] });
  }
}

const regexString = z.string().min(2).max(2000);

export const RuleLanguageSchema = z.enum([...LANGUAGES, "any"]);

export const RuleSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*[a-z0-9]$/, "ids are lower-case words joined by dashes"),
    family: z.enum(FAMILIES).optional(),
    kind: z.enum(["present", "weakens", "missing"]),
    languages: z.array(RuleLanguageSchema).min(1),
    stride: z.array(z.enum(STRIDE)).min(1).optional(),
    cwe: z.array(z.string().regex(/^CWE-\d+$/)).min(1),
    rationale: z.string().min(10).max(400),
    /** Lower-case substrings; the rule runs only where one of them occurs (one must occur in every match). */
    keywords: z
      .array(
        z
          .string()
          .min(2)
          .regex(/^[^A-Z]+$/, "keywords are lower-case"),
      )
      .min(1),
    /** The match (for `missing`: the anchor where the control is expected). */
    regex: regexString,
    ignore_case: z.boolean().optional(),
    /** A match is dropped when the line(s) it sits on match this. */
    unless: regexString.optional(),
    /** The rule applies only to files in which this matches somewhere. */
    context: regexString.optional(),
    /** The rule does not apply to files in which this matches somewhere (e.g. a guard elsewhere in the file). */
    unless_file: regexString.optional(),
    /** Also report matches on comment lines (by default comments are not evidence). */
    in_comments: z.boolean().optional(),
    /** Capture group 1 is a literal that must look like a real secret (not a placeholder or a word). */
    secret_value: z.boolean().optional(),
    /** An ast-grep rule object (JavaScript/TypeScript only); the regex then only gates the file. */
    ast: z.record(z.string(), z.unknown()).optional(),
    /** `missing` only: the control that must appear in the scope around the anchor. */
    requires: regexString.optional(),
    scope: z.enum(["block", "file"]).optional(),
    anchor_occurrence: z.enum(["each", "last"]).optional(),
    examples: z
      .strictObject({
        match: z.array(z.string()).optional(),
        no_match: z.array(z.string()).optional(),
      })
      .optional(),
  })
  .superRefine((rule, ctx) => {
    checkRegex(rule.regex, ctx, "regex");
    if (rule.unless !== undefined) checkRegex(rule.unless, ctx, "unless");
    if (rule.context !== undefined) checkRegex(rule.context, ctx, "context");
    if (rule.unless_file !== undefined) checkRegex(rule.unless_file, ctx, "unless_file");
    if (rule.requires !== undefined) checkRegex(rule.requires, ctx, "requires");
    if (rule.kind === "missing") {
      if (rule.requires === undefined)
        ctx.addIssue({ code: "custom", message: "missing rules need `requires`", path: ["requires"] });
    } else if (
      rule.requires !== undefined ||
      rule.scope !== undefined ||
      rule.anchor_occurrence !== undefined
    ) {
      ctx.addIssue({
        code: "custom",
        message: "`requires`, `scope` and `anchor_occurrence` are for missing rules",
        path: ["kind"],
      });
    }
    if (rule.ast !== undefined && rule.languages.some((l) => l !== "javascript" && l !== "typescript")) {
      ctx.addIssue({
        code: "custom",
        message: "`ast` rules are only available for javascript/typescript",
        path: ["ast"],
      });
    }
  });

export const RulePackSchema = z.strictObject({
  family: z.enum(FAMILIES),
  title: z.string().min(3),
  description: z.string().min(10),
  rules: z.array(RuleSchema).min(1),
});

export type RuleInput = z.infer<typeof RuleSchema>;
export type RulePackInput = z.infer<typeof RulePackSchema>;
