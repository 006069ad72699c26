import { showValue } from "../domain/errors.js";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { yaml } from "../lazy.js";
import * as z from "zod";
import { dataPath } from "../data-dir.js";
import { ENUMS } from "../domain/enums.js";
import { LIMITS } from "../domain/limits.js";
import { compileCondition, ConditionError, ConditionSchema, type Test } from "./condition.js";
import { SUBJECT_KINDS, VIEW_FIELDS, type FieldSpec, type SubjectKind, type ViewKind } from "./schema.js";
import type { TraitDef, View } from "./views.js";

/**
 * The threat library: rule files (`data/threat-library/<group>.yaml`), the mitigation library
 * (`mitigations.yaml`) and trait keywords (`traits.yaml`), validated when loaded.
 */

export const LINDDUN = [
  "Linking",
  "Identifying",
  "Non-repudiation",
  "Detecting",
  "Data Disclosure",
  "Unawareness",
  "Non-compliance",
] as const;
export type LinddunCategory = (typeof LINDDUN)[number];

/** Traits computed from the model's structure rather than from keywords. */
export const BUILT_IN_TRAITS = ["internet_facing", "external_entity"] as const;

const Id = (pattern: RegExp, example: string) =>
  z.string().regex(pattern, { error: (issue) => `${showValue(issue.input)} is not an id like ${example}` });
const RuleId = Id(/^(TM|LDN)-[A-Z]{2,4}-\d{3}$/, "TM-DS-001");
const MitigationId = Id(/^MIT-[A-Z0-9]{2,12}(-[A-Z0-9]{2,12}){0,2}$/, "MIT-TLS");
const Text = (max: number) => z.string().trim().min(1).max(max);
const strictIds = (pattern: RegExp, example: string) => z.array(Id(pattern, example)).default([]);

const TraitSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/),
  description: Text(200),
  kinds: z.array(z.enum(["component", "data_store"])).min(1),
  tags: z.array(z.string().toLowerCase()).default([]),
  keywords: z.array(Text(60)).default([]),
  types: z.array(z.string()).default([]),
});

const MitigationSchema = z.strictObject({
  id: MitigationId,
  title: Text(80),
  content: Text(LIMITS.content),
  type: z.enum(ENUMS.MitigationType),
  cost: z.enum(ENUMS.MitigationCost),
  effectiveness: z.enum(ENUMS.MitigationEffectiveness),
  rationale: Text(600),
  verification_method: Text(LIMITS.content).optional(),
  cwe: strictIds(/^CWE-\d+$/, "CWE-311"),
  asvs: strictIds(/^V\d{1,2}\.\d{1,2}\.\d{1,2}$/, "V9.1.1"),
  attack: strictIds(/^(T\d{4}(\.\d{3})?|M\d{4})$/, "M1041"),
});
export type MitigationDef = z.infer<typeof MitigationSchema>;

const Template = Text(LIMITS.grammarField);
const ExampleSchema = z.strictObject({
  /** Entities by collection kind; fields left out get neutral defaults in the test harness. */
  model: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))),
  /** The element the rule must fire on. */
  fires_on: z.string(),
  /** Field changes (null removes an element) after which the rule must stay silent. */
  silent: z.record(z.string(), z.union([z.record(z.string(), z.unknown()), z.null()])),
});

const RuleSchema = z.strictObject({
  id: RuleId,
  title: Text(120),
  applies_to: z.enum(SUBJECT_KINDS),
  when: ConditionSchema,
  stride: z.enum(ENUMS.ThreatCategory).optional(),
  linddun: z.enum(LINDDUN).optional(),
  threat: z.strictObject({ source: Template, prerequisites: Template, action: Template, impact: Template }),
  impacted_goal: z
    .array(
      z.enum(["confidentiality", "integrity", "availability", "authenticity", "accountability", "privacy"]),
    )
    .min(1),
  impacted_assets: z.array(Template).default([]),
  severity: z.enum(ENUMS.ThreatSeverity),
  likelihood: z.enum(ENUMS.ThreatLikelihood),
  cwe: z.array(Id(/^CWE-\d+$/, "CWE-311")).min(1),
  capec: strictIds(/^CAPEC-\d+$/, "CAPEC-66"),
  attack: strictIds(/^T\d{4}(\.\d{3})?$/, "T1190"),
  asvs: strictIds(/^V\d{1,2}\.\d{1,2}\.\d{1,2}$/, "V9.1.1"),
  mitigations: z.array(MitigationId).min(1),
  rationale: Text(600),
  example: ExampleSchema,
});
type RuleInput = z.infer<typeof RuleSchema>;

const RuleFileSchema = z.strictObject({
  group: z.string().regex(/^[a-z][a-z0-9-]*$/),
  title: Text(120),
  /** LINDDUN privacy rules only run when a caller asks for them. */
  privacy: z.boolean().default(false),
  rules: z.array(RuleSchema).min(1),
});

export interface CompiledRule extends RuleInput {
  group: string;
  privacy: boolean;
  test: Test;
  render: (template: string, view: View) => string;
}

export interface ThreatLibrary {
  rules: CompiledRule[];
  mitigations: Map<string, MitigationDef>;
  traits: TraitDef[];
}

export class LibraryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LibraryError";
  }
}

const PLACEHOLDER = /\{([a-z_.]+)(?:\|([^}]*))?\}/g;

/** Longest text a placeholder can produce: enums by their longest value, names by the id they fall back to. */
function widthOf(spec: FieldSpec, segment: string): number {
  if (spec.type === "enum" || spec.type === "enums") return Math.max(...spec.values.map((v) => v.length));
  if (spec.type === "number") return 12;
  if (spec.type === "boolean") return 5;
  return segment === "name" || segment === "id" ? 64 : 100;
}

/**
 * Checks that each `{path}` / `{path|fallback}` placeholder reads a plain value of the subject, and
 * that the template cannot render longer than a grammar field even in the worst case.
 */
function checkTemplate(template: string, kind: SubjectKind, where: string): void {
  let worst = template.replace(PLACEHOLDER, "").length;
  for (const match of template.matchAll(PLACEHOLDER)) {
    let kinds: readonly ViewKind[] = [kind];
    const segments = match[1]!.split(".");
    segments.forEach((segment, i) => {
      const specs = kinds.flatMap((k) => (VIEW_FIELDS[k][segment] ? [VIEW_FIELDS[k][segment]] : []));
      if (specs.length === 0)
        throw new LibraryError(`${where}: {${match[1]}} names no field of ${kinds.join("/")}`);
      const last = i === segments.length - 1;
      if (!last) {
        const refs = specs.flatMap((s) => (s.type === "ref" ? s.kinds : []));
        if (refs.length === 0) {
          throw new LibraryError(
            `${where}: {${match[1]}} steps through ${segment}, which is not a to-one relation`,
          );
        }
        kinds = refs;
      } else if (specs.some((s) => s.type === "ref" || s.type === "refs" || s.type === "object")) {
        throw new LibraryError(`${where}: {${match[1]}} is not a plain value`);
      } else {
        worst += Math.max(...specs.map((s) => widthOf(s, segment)), (match[2] ?? "unknown").length);
      }
    });
  }
  if (worst > LIMITS.grammarField) {
    throw new LibraryError(
      `${where}: could render to ${worst} characters; the grammar field limit is ${LIMITS.grammarField}`,
    );
  }
}

type TemplatePart = string | { path: string[]; idPath: string[]; fallback: string };

function readPath(view: View, path: readonly string[]): unknown {
  let value: unknown = view;
  for (const segment of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/** Splits a template into literal text and placeholders once, at load time. */
function compileTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    if (match.index > last) parts.push(template.slice(last, match.index));
    const path = match[1]!.split(".");
    const idPath = path[path.length - 1] === "name" ? [...path.slice(0, -1), "id"] : path;
    parts.push({ path, idPath, fallback: match[2] ?? "unknown" });
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  return parts;
}

const compiledTemplates = new Map<string, TemplatePart[]>();

/** Fills a template; if names make it too long, names are replaced by ids (nothing is truncated). */
function render(template: string, view: View): string {
  let parts = compiledTemplates.get(template);
  if (!parts) compiledTemplates.set(template, (parts = compileTemplate(template)));
  const fill = (useIds: boolean) => {
    let out = "";
    for (const part of parts) {
      if (typeof part === "string") {
        out += part;
        continue;
      }
      const value = readPath(view, useIds ? part.idPath : part.path);
      out += value === undefined || value === "" ? part.fallback : String(value);
    }
    return out;
  };
  const full = fill(false);
  return full.length <= LIMITS.grammarField ? full : fill(true);
}

function parseFile<T>(file: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = yaml().parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new LibraryError(`${path.basename(file)}: not valid YAML: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new LibraryError(`${path.basename(file)}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export const DEFAULT_LIBRARY_DIR = dataPath("threat-library");
const SPECIAL_FILES = new Set(["mitigations.yaml", "traits.yaml"]);
const cache = new Map<string, ThreatLibrary>();

/** Loads, validates and compiles the library in `dir` (cached per folder). Throws LibraryError on any problem. */
export function loadThreatLibrary(dir: string = DEFAULT_LIBRARY_DIR): ThreatLibrary {
  const cached = cache.get(dir);
  if (cached) return cached;

  const traits = parseFile(
    path.join(dir, "traits.yaml"),
    z.strictObject({ traits: z.array(TraitSchema) }),
  ).traits;
  const traitNames = new Set<string>([...BUILT_IN_TRAITS, ...traits.map((t) => t.id)]);
  if (traitNames.size !== traits.length + BUILT_IN_TRAITS.length)
    throw new LibraryError("traits.yaml: duplicate trait id");
  for (const t of traits) {
    const allowed = t.kinds.flatMap((k) =>
      k === "component" ? ENUMS.ComponentType : ENUMS.DataStoreType,
    ) as string[];
    const bad = t.types.find((type) => !allowed.includes(type));
    if (bad)
      throw new LibraryError(
        `traits.yaml: trait ${t.id}: ${JSON.stringify(bad)} is not a type of ${t.kinds.join("/")}`,
      );
  }

  const mitigationList = parseFile(
    path.join(dir, "mitigations.yaml"),
    z.strictObject({ mitigations: z.array(MitigationSchema) }),
  ).mitigations;
  const mitigations = new Map<string, MitigationDef>();
  for (const m of mitigationList) {
    if (mitigations.has(m.id)) throw new LibraryError(`mitigations.yaml: ${m.id} is defined twice`);
    mitigations.set(m.id, m);
  }

  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && !SPECIAL_FILES.has(f))
    .sort();
  const rules: CompiledRule[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const parsed = parseFile(path.join(dir, file), RuleFileSchema);
    if (`${parsed.group}.yaml` !== file)
      throw new LibraryError(`${file}: group "${parsed.group}" must match the file name`);
    for (const rule of parsed.rules) {
      const where = `${file}: ${rule.id}`;
      const other = seen.get(rule.id);
      if (other) throw new LibraryError(`${where}: id already used in ${other}`);
      seen.set(rule.id, file);
      if (parsed.privacy ? !rule.linddun : !rule.stride) {
        throw new LibraryError(
          `${where}: ${parsed.privacy ? "privacy rules need a linddun category" : "needs a stride category"}`,
        );
      }
      if (rule.id.startsWith("LDN-") !== parsed.privacy)
        throw new LibraryError(`${where}: LDN- ids are for privacy files only`);
      const missing = rule.mitigations.find((id) => !mitigations.has(id));
      if (missing) throw new LibraryError(`${where}: mitigation ${missing} is not in mitigations.yaml`);
      const templates = [...Object.values(rule.threat), ...rule.impacted_assets];
      templates.forEach((t) => checkTemplate(t, rule.applies_to, where));
      if (
        !templates.some((t) => /\{(name|id|source\.name|destination\.name|asset\.name)(\|[^}]*)?\}/.test(t))
      ) {
        throw new LibraryError(
          `${where}: the threat text must name its element ({name} or similar) so statements differ per element`,
        );
      }
      let test: Test;
      try {
        test = compileCondition(rule.when, [rule.applies_to], traitNames, `${where}.when`);
      } catch (error) {
        if (error instanceof ConditionError) throw new LibraryError(error.message);
        throw error;
      }
      rules.push({ ...rule, group: parsed.group, privacy: parsed.privacy, test, render });
    }
  }
  const library = { rules, mitigations, traits };
  cache.set(dir, library);
  return library;
}
