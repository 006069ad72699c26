import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { yaml } from "../lazy.js";
import * as z from "zod";
import { dataPath } from "../data-dir.js";
import { familyStride, type Family, type StrideCategory } from "./families.js";
import type { RuleLanguage } from "./languages.js";
import { RulePackSchema, type RuleInput } from "./rule-schema.js";

/** One validated rule, with the defaults of its pack filled in. */
export interface Rule {
  id: string;
  family: Family;
  kind: "present" | "weakens" | "missing";
  languages: readonly RuleLanguage[];
  stride: readonly StrideCategory[];
  cwe: readonly string[];
  rationale: string;
  keywords: readonly string[];
  regex: string;
  ignoreCase: boolean;
  unless?: string;
  context?: string;
  unlessFile?: string;
  secretValue: boolean;
  inComments: boolean;
  ast?: Record<string, unknown>;
  requires?: string;
  scope: "block" | "file";
  anchorOccurrence: "each" | "last";
  examples: { match: readonly string[]; noMatch: readonly string[] };
}

export interface RulePack {
  family: Family;
  title: string;
  description: string;
  rules: Rule[];
}

export class RulePackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RulePackError";
  }
}

export const DEFAULT_RULES_DIR = dataPath("scan-rules");

function toRule(family: Family, input: RuleInput): Rule {
  const rule: Rule = {
    id: input.id,
    family,
    kind: input.kind,
    languages: input.languages,
    stride: input.stride ?? familyStride[family],
    cwe: input.cwe,
    rationale: input.rationale.trim(),
    keywords: input.keywords,
    regex: input.regex,
    ignoreCase: input.ignore_case ?? false,
    secretValue: input.secret_value ?? false,
    inComments: input.in_comments ?? false,
    scope: input.scope ?? "block",
    anchorOccurrence: input.anchor_occurrence ?? "each",
    examples: { match: input.examples?.match ?? [], noMatch: input.examples?.no_match ?? [] },
  };
  if (input.unless !== undefined) rule.unless = input.unless;
  if (input.context !== undefined) rule.context = input.context;
  if (input.unless_file !== undefined) rule.unlessFile = input.unless_file;
  if (input.ast !== undefined) rule.ast = input.ast;
  if (input.requires !== undefined) rule.requires = input.requires;
  return rule;
}

function loadPackFile(file: string): RulePack {
  let raw: unknown;
  try {
    raw = yaml().parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new RulePackError(`${path.basename(file)}: not valid YAML: ${(error as Error).message}`);
  }
  const parsed = RulePackSchema.safeParse(raw);
  if (!parsed.success) throw new RulePackError(`${path.basename(file)}: ${z.prettifyError(parsed.error)}`);
  const pack = parsed.data;
  const expected = path.basename(file).replace(/\.ya?ml$/, "");
  if (pack.family !== expected)
    throw new RulePackError(`${path.basename(file)}: family "${pack.family}" must match the file name`);
  for (const rule of pack.rules) {
    if (rule.family !== undefined && rule.family !== pack.family) {
      throw new RulePackError(
        `${path.basename(file)}: rule ${rule.id} names family ${rule.family}, not ${pack.family}`,
      );
    }
  }
  return {
    family: pack.family,
    title: pack.title,
    description: pack.description.trim(),
    rules: pack.rules.map((r) => toRule(pack.family, r)),
  };
}

const cache = new Map<string, RulePack[]>();

/**
 * Reads and validates every rule pack (`data/scan-rules/<family>.yaml`). Throws RulePackError naming
 * the file and field when a pack is malformed or two rules share an id. Results are cached per folder.
 */
export function loadRulePacks(dir: string = DEFAULT_RULES_DIR): RulePack[] {
  const cached = cache.get(dir);
  if (cached) return cached;
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  const packs = files.map((f) => loadPackFile(path.join(dir, f)));
  const seen = new Map<string, string>();
  for (const pack of packs) {
    for (const rule of pack.rules) {
      const other = seen.get(rule.id);
      if (other !== undefined)
        throw new RulePackError(`rule id ${rule.id} is used in both ${other} and ${pack.family}`);
      seen.set(rule.id, pack.family);
    }
  }
  cache.set(dir, packs);
  return packs;
}

/** All rules of the given packs, optionally only those of some families. */
export function rulesOf(packs: readonly RulePack[], families?: readonly string[]): Rule[] {
  const wanted = families && families.length > 0 ? new Set(families) : null;
  return packs.filter((p) => !wanted || wanted.has(p.family)).flatMap((p) => p.rules);
}
