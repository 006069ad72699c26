import * as z from "zod";
import type { MetadataItem, Mitigation, Threat } from "../domain/entities.js";
import { linkId } from "../domain/entities.js";
import { ThreatCategory } from "../domain/enums.js";
import { ModelError, showValue } from "../domain/errors.js";
import { EntityId, boundedInt, uniqueList } from "../domain/fields.js";
import { LIMITS } from "../domain/limits.js";
import type { Draft, ModelReader } from "../domain/model.js";
import { isCalendarDate, todayUtc } from "../domain/risk.js";
import { coverageMatrix, type CoverageKind } from "../intel/coverage.js";
import { evaluateRules, type Suggestion } from "../intel/evaluate.js";
import { loadThreatLibrary, type ThreatLibrary } from "../intel/library.js";
import { assessRisk as assess } from "../intel/risk.js";
import { SUBJECT_KINDS } from "../intel/schema.js";
import { compact } from "./input.js";
import { query, task } from "./operation.js";

const Limit = boundedInt(1, 500)
  .default(50)
  .describe("How many items to list (counts always cover everything)");
const Offset = boundedInt(0, 1_000_000).default(0).describe("Skip this many items (paging)");

// ---- suggest_threats -------------------------------------------------------------------------

export const SuggestThreatsInput = z.strictObject({
  scope: uniqueList(EntityId)
    .optional()
    .describe(
      "Only these elements (components, data stores, connections, flows, crossing points, assets); default: all",
    ),
  rules: uniqueList(z.string().max(20)).optional().describe("Only these rule ids, e.g. TM-DS-001"),
  categories: uniqueList(ThreatCategory, 6).optional().describe("Only rules of these STRIDE categories"),
  linddun: z.boolean().default(false).describe("Also run the LINDDUN privacy rules"),
  dry_run: z
    .boolean()
    .default(true)
    .describe("Preview only (the default); pass false to add the new threats"),
  include_mitigations: z
    .boolean()
    .default(false)
    .describe("When adding: also add each rule's library mitigations (reused if present) and link them"),
  include_duplicates: z.boolean().default(false).describe("Also list suggestions the model already has"),
  limit: Limit,
  offset: Offset,
});
type SuggestInput = z.output<typeof SuggestThreatsInput>;

export interface SuggestionOut {
  key: string;
  rule_id: string;
  title: string;
  element: Suggestion["element"];
  category?: Suggestion["category"];
  linddun?: Suggestion["linddun"];
  severity: Suggestion["severity"];
  likelihood: Suggestion["likelihood"];
  risk: Suggestion["risk"];
  statement: string;
  why: Suggestion["why"];
  cwe: readonly string[];
  capec: readonly string[];
  attack: readonly string[];
  asvs: readonly string[];
  mitigations: { id: string; title: string }[];
  duplicate_of?: Suggestion["duplicate_of"];
}

export interface SuggestResult {
  dry_run: boolean;
  /** New suggestions (not yet in the model). */
  total: number;
  /** Suggestions the model already covers (same rule and element, or a near-identical statement). */
  duplicates: number;
  by_category: Record<string, number>;
  offset: number;
  suggestions: SuggestionOut[];
  created?: {
    threats: number;
    mitigations_created: number;
    mitigations_reused: number;
    links: number;
    /** The first `limit` created threats (from offset). */
    listed: { id: string; numericId: number; rule_id: string; element_id: string }[];
  };
}

function checkOptions(model: ModelReader, library: ThreatLibrary, input: SuggestInput): void {
  const subjectKinds: readonly string[] = SUBJECT_KINDS;
  input.scope?.forEach((id, i) => {
    const kind = model.kindOf(id);
    if (kind === undefined || !subjectKinds.includes(kind)) {
      throw new ModelError(
        "not_found",
        `scope[${i}]: no component, data store, connection, flow, crossing point or asset has id ${JSON.stringify(id)}${kind ? ` (it is a ${kind.replace(/_/g, " ")})` : ""}`,
        { field: `scope[${i}]`, value: id },
      );
    }
  });
  const known = new Set(library.rules.map((r) => r.id));
  input.rules?.forEach((id, i) => {
    if (!known.has(id)) {
      throw new ModelError(
        "not_found",
        `rules[${i}]: no threat-library rule has id ${JSON.stringify(id)} (ids look like TM-DS-001)`,
        {
          field: `rules[${i}]`,
          value: id,
        },
      );
    }
    const rule = library.rules.find((r) => r.id === id)!;
    if (rule.privacy && !input.linddun) {
      throw new ModelError(
        "invalid_input",
        `rules[${i}]: ${id} is a LINDDUN privacy rule; pass linddun: true to run it`,
        {
          field: `rules[${i}]`,
          value: id,
        },
      );
    }
  });
}

function evaluate(model: ModelReader, library: ThreatLibrary, input: SuggestInput): Suggestion[] {
  checkOptions(model, library, input);
  return evaluateRules(model, library, {
    linddun: input.linddun,
    ...(input.scope ? { scope: new Set(input.scope) } : {}),
    ...(input.rules ? { rules: new Set(input.rules) } : {}),
    ...(input.categories ? { categories: new Set<string>(input.categories) } : {}),
  });
}

function toOut(s: Suggestion, library: ThreatLibrary): SuggestionOut {
  return {
    key: s.key,
    rule_id: s.rule_id,
    title: s.title,
    element: s.element,
    ...(s.category ? { category: s.category } : {}),
    ...(s.linddun ? { linddun: s.linddun } : {}),
    severity: s.severity,
    likelihood: s.likelihood,
    risk: s.risk,
    statement: s.statement,
    why: s.why,
    cwe: s.cwe,
    capec: s.capec,
    attack: s.attack,
    asvs: s.asvs,
    mitigations: s.mitigations.map((id) => ({ id, title: library.mitigations.get(id)!.title })),
    ...(s.duplicate_of ? { duplicate_of: s.duplicate_of } : {}),
  };
}

/** The threat a suggestion becomes, with `rule_id` and `custom:` provenance. */
function threatFrom(draft: Draft, s: Suggestion, model: ModelReader): Threat {
  if (s.statement.length > LIMITS.statement) {
    throw new ModelError(
      "invalid_input",
      `${s.key}: the composed statement is longer than ${LIMITS.statement} characters`,
    );
  }
  const { kind, id } = s.element;
  const flowAsset = kind === "flow" ? model.get("flow", id)?.asset_id : undefined;
  const onKind = (k: string) => (kind === k ? [id] : undefined);
  const nonEmpty = (list: readonly string[]) => (list.length > 0 ? [...list] : undefined);
  return compact({
    id: draft.newId("threat"),
    numericId: draft.nextNumericId("threat"),
    ...s.grammar,
    statement: s.statement,
    status: "threatIdentified",
    tags: s.linddun ? ["privacy", `LINDDUN:${s.linddun}`] : [],
    category: s.category,
    severity: s.severity,
    likelihood: s.likelihood,
    affected_components: kind === "component" || kind === "data_store" ? [id] : [],
    affected_trust_boundaries: [],
    affected_assets: kind === "asset" ? [id] : flowAsset ? [flowAsset] : [],
    affected_flows: onKind("flow"),
    affected_crossing_points: onKind("crossing_point"),
    affected_connections: onKind("connection"),
    cwe: nonEmpty(s.cwe),
    capec: nonEmpty(s.capec),
    attack: nonEmpty(s.attack),
    asvs: nonEmpty(s.asvs),
    rule_id: s.rule_id,
    metadata: [{ key: "custom:suggested_by", value: `threat library rule ${s.rule_id}` }],
  } as Threat);
}

function mitigationFrom(draft: Draft, libraryId: string, library: ThreatLibrary): Mitigation {
  const def = library.mitigations.get(libraryId)!;
  const metadata: MetadataItem[] = [{ key: "custom:rationale", value: def.rationale }];
  return compact({
    id: draft.newId("mitigation"),
    numericId: draft.nextNumericId("mitigation"),
    content: def.content,
    status: "mitigationIdentified",
    type: def.type,
    cost: def.cost,
    effectiveness: def.effectiveness,
    verification_method: def.verification_method,
    cwe: def.cwe.length > 0 ? def.cwe : undefined,
    asvs: def.asvs.length > 0 ? def.asvs : undefined,
    attack: def.attack.length > 0 ? def.attack : undefined,
    library_id: def.id,
    metadata,
  } as Mitigation);
}

/** Adds every new suggestion (and optionally mitigations and links) to the draft: one all-or-nothing change. */
function accept(
  draft: Draft,
  model: ModelReader,
  library: ThreatLibrary,
  fresh: readonly Suggestion[],
  input: SuggestInput,
) {
  const byLibraryId = new Map<string, Mitigation>();
  for (const m of model.list("mitigation"))
    if (m.library_id && !byLibraryId.has(m.library_id)) byLibraryId.set(m.library_id, m);
  const reused = new Set<string>();
  let mitigationsCreated = 0;
  let links = 0;
  const created: { id: string; numericId: number; rule_id: string; element_id: string }[] = [];
  for (const s of fresh) {
    const threat = draft.put("threat", threatFrom(draft, s, model));
    created.push({
      id: threat.id,
      numericId: threat.numericId,
      rule_id: s.rule_id,
      element_id: s.element.id,
    });
    if (!input.include_mitigations) continue;
    for (const libraryId of s.mitigations) {
      let mitigation = byLibraryId.get(libraryId);
      if (mitigation && !draft.get("mitigation", mitigation.id)) mitigation = undefined;
      if (!mitigation) {
        mitigation = draft.put("mitigation", mitigationFrom(draft, libraryId, library));
        byLibraryId.set(libraryId, mitigation);
        mitigationsCreated++;
      } else if (model.get("mitigation", mitigation.id)) {
        reused.add(mitigation.id);
      }
      const id = linkId(mitigation.id, threat.id);
      draft.put("mitigation_link", { id, mitigation_id: mitigation.id, threat_id: threat.id });
      links++;
    }
  }
  return {
    threats: created.length,
    mitigations_created: mitigationsCreated,
    mitigations_reused: reused.size,
    links,
    listed: created.slice(input.offset, input.offset + input.limit),
  };
}

function summarise(
  all: readonly Suggestion[],
  library: ThreatLibrary,
  input: SuggestInput,
  dryRun: boolean,
): SuggestResult {
  const fresh = all.filter((s) => !s.duplicate_of);
  const byCategory: Record<string, number> = {};
  for (const s of fresh) {
    const key = s.category ?? `LINDDUN ${s.linddun}`;
    byCategory[key] = (byCategory[key] ?? 0) + 1;
  }
  const listed = input.include_duplicates ? all : fresh;
  return {
    dry_run: dryRun,
    total: fresh.length,
    duplicates: all.length - fresh.length,
    by_category: byCategory,
    offset: input.offset,
    suggestions: dryRun
      ? listed.slice(input.offset, input.offset + input.limit).map((s) => toOut(s, library))
      : [],
  };
}

/**
 * Runs the threat library over the model. With dry_run (the default) nothing changes and the
 * suggestions are listed with their explanation; with dry_run false every new suggestion in scope is
 * added as a threat in one atomic change, skipping those already in the model.
 */
export const suggestThreats = task(SuggestThreatsInput, async (ctx, input): Promise<SuggestResult> => {
  const library = loadThreatLibrary();
  if (input.dry_run) {
    return ctx.store.read((model) => summarise(evaluate(model, library, input), library, input, true));
  }
  if (ctx.signal?.aborted) throw new ModelError("unsupported", "cancelled before any change was made");
  return ctx.store.mutate((draft, model) => {
    const all = evaluate(model, library, input);
    const result = summarise(all, library, input, false);
    result.created = accept(
      draft,
      model,
      library,
      all.filter((s) => !s.duplicate_of),
      input,
    );
    return result;
  });
});

// ---- coverage --------------------------------------------------------------------------------

const COVERAGE_KINDS = ["component", "data_store", "connection", "flow", "crossing_point"] as const;

export const getCoverageMatrix = query(
  z.strictObject({
    kinds: uniqueList(z.enum(COVERAGE_KINDS), 5).optional().describe("Only these element kinds"),
    only_gaps: z.boolean().default(false).describe("Only list elements with at least one gap"),
    limit: Limit,
    offset: Offset,
  }),
  (model, input) => {
    const matrix = coverageMatrix(model);
    const kinds = input.kinds ? new Set<CoverageKind>(input.kinds as CoverageKind[]) : undefined;
    const elements = matrix.elements.filter(
      (e) =>
        (!kinds || kinds.has(e.kind)) && (!input.only_gaps || Object.values(e.categories).includes("gap")),
    );
    const gaps = matrix.gaps.filter((g) => !kinds || kinds.has(g.kind));
    return {
      summary: matrix.summary,
      total_elements: elements.length,
      total_gaps: gaps.length,
      offset: input.offset,
      elements: elements.slice(input.offset, input.offset + input.limit),
      gaps: gaps.slice(input.offset, input.offset + input.limit),
    };
  },
);

// ---- risk ------------------------------------------------------------------------------------

const Today = z
  .string()
  .refine(isCalendarDate, { error: (issue) => `${showValue(issue.input)} is not a date (YYYY-MM-DD)` })
  .describe("Date to judge acceptance expiry against (default: today, UTC)");

export const assessRisk = query(
  z.strictObject({
    today: Today.optional(),
    only_open: z.boolean().default(true).describe("List only open threats (threatIdentified)"),
    limit: Limit,
    offset: Offset,
  }),
  (model, input) => {
    const assessment = assess(model, input.today ?? todayUtc());
    const threats = assessment.threats.filter((t) => !input.only_open || t.status === "threatIdentified");
    return {
      ...assessment,
      total: threats.length,
      offset: input.offset,
      threats: threats.slice(input.offset, input.offset + input.limit),
    };
  },
);
