import type { Threat } from "../domain/entities.js";
import type { ModelReader } from "../domain/model.js";
import { riskLevel, type RiskLevel } from "../domain/risk.js";
import { composeStatement } from "../domain/statement.js";
import type { CompiledRule, LinddunCategory, ThreatLibrary } from "./library.js";
import type { SubjectKind } from "./schema.js";
import { SimilarityIndex } from "./similarity.js";
import { viewsFor, type View } from "./views.js";

/** Statements at or above this token Jaccard similarity count as the same threat. */
export const NEAR_DUPLICATE = 0.9;

export interface Suggestion {
  /** `<rule id>:<element id>`: stable across runs. */
  key: string;
  rule_id: string;
  title: string;
  element: { kind: SubjectKind; id: string; name: string };
  category?: Threat["category"];
  linddun?: LinddunCategory;
  grammar: {
    threatSource: string;
    prerequisites: string;
    threatAction: string;
    threatImpact: string;
    impactedGoal: string[];
    impactedAssets: string[];
  };
  statement: string;
  severity: NonNullable<Threat["severity"]>;
  likelihood: NonNullable<Threat["likelihood"]>;
  risk: RiskLevel;
  cwe: string[];
  capec: string[];
  attack: string[];
  asvs: string[];
  mitigations: string[];
  why: { rationale: string; matched: string[] };
  /** Set when the model (or an earlier suggestion of this run) already has this threat; accepting skips it. */
  duplicate_of?: {
    threat_id?: string;
    numericId?: number;
    /** Key of the earlier suggestion of this run it repeats. */
    suggestion?: string;
    reason: "same rule and element" | "near-identical statement";
    similarity?: number;
  };
}

export interface EvaluateOptions {
  /** Only these subject elements (default: all). */
  scope?: ReadonlySet<string>;
  /** Only these rule ids (default: all). */
  rules?: ReadonlySet<string>;
  /** Only these STRIDE categories (default: all). */
  categories?: ReadonlySet<string>;
  /** Include the LINDDUN privacy rules. */
  linddun?: boolean;
}

/** Element ids a threat is about, across all its affected lists. */
export function threatElements(t: Threat): string[] {
  return [
    ...t.affected_components,
    ...(t.affected_connections ?? []),
    ...(t.affected_flows ?? []),
    ...(t.affected_crossing_points ?? []),
    ...t.affected_assets,
  ];
}

function suggest(rule: CompiledRule, view: View, kind: SubjectKind): Suggestion {
  const notes: string[] = [];
  rule.test(view, notes);
  const grammar = {
    threatSource: rule.render(rule.threat.source, view),
    prerequisites: rule.render(rule.threat.prerequisites, view),
    threatAction: rule.render(rule.threat.action, view),
    threatImpact: rule.render(rule.threat.impact, view),
    impactedGoal: [...rule.impacted_goal],
    impactedAssets: rule.impacted_assets.map((t) => rule.render(t, view)),
  };
  return {
    key: `${rule.id}:${view.id}`,
    rule_id: rule.id,
    title: rule.title,
    element: { kind, id: view.id, name: view.name },
    ...(rule.stride ? { category: rule.stride } : {}),
    ...(rule.linddun ? { linddun: rule.linddun } : {}),
    grammar,
    statement: composeStatement(grammar),
    severity: rule.severity,
    likelihood: rule.likelihood,
    risk: riskLevel(rule.likelihood, rule.severity),
    cwe: [...rule.cwe],
    capec: [...rule.capec],
    attack: [...rule.attack],
    asvs: [...rule.asvs],
    mitigations: [...rule.mitigations],
    why: { rationale: rule.rationale, matched: notes },
  };
}

interface Known {
  /** An existing threat's id, or a suggestion key for one proposed earlier in this run. */
  threat_id?: string;
  suggestion?: string;
  numericId?: number;
  rule_id?: string;
  elements: readonly string[];
}

function reference(known: Known): { threat_id?: string; numericId?: number; suggestion?: string } {
  return {
    ...(known.threat_id ? { threat_id: known.threat_id } : {}),
    ...(known.numericId ? { numericId: known.numericId } : {}),
    ...(known.suggestion ? { suggestion: known.suggestion } : {}),
  };
}

/**
 * Runs the library's rules over the model and returns every suggestion, each marked with the
 * existing (or earlier in this batch) threat it duplicates, if any. Order: rule id, then element id.
 */
export function evaluateRules(
  model: ModelReader,
  library: ThreatLibrary,
  options: EvaluateOptions = {},
): Suggestion[] {
  const views = viewsFor(model, library.traits);
  const byRuleAndElement = new Map<string, Known>();
  const index = new SimilarityIndex<Known>(NEAR_DUPLICATE);
  for (const t of model.list("threat")) {
    const known: Known = {
      threat_id: t.id,
      numericId: t.numericId,
      elements: threatElements(t),
      ...(t.rule_id ? { rule_id: t.rule_id } : {}),
    };
    if (t.rule_id) for (const id of known.elements) byRuleAndElement.set(`${t.rule_id}:${id}`, known);
    index.add(known, t.statement);
  }

  const rules = library.rules
    .filter((r) => (options.linddun ? true : !r.privacy))
    .filter((r) => !options.rules || options.rules.has(r.id))
    .filter((r) => !options.categories || (r.stride !== undefined && options.categories.has(r.stride)))
    .sort((a, b) => a.id.localeCompare(b.id));

  const out: Suggestion[] = [];
  for (const rule of rules) {
    const subjects = views.subjects[rule.applies_to];
    for (const view of subjects) {
      if (options.scope && !options.scope.has(view.id)) continue;
      if (!rule.test(view)) continue;
      const suggestion = suggest(rule, view, rule.applies_to);
      const same = byRuleAndElement.get(suggestion.key);
      if (same) {
        suggestion.duplicate_of = { ...reference(same), reason: "same rule and element" };
      } else {
        // The same rule on another element is a different threat even when the wording matches.
        const near = index.similar(
          suggestion.statement,
          (k) => k.rule_id !== rule.id || k.elements.includes(view.id),
        )[0];
        if (near) {
          suggestion.duplicate_of = {
            ...reference(near.item),
            reason: "near-identical statement",
            similarity: Math.round(near.similarity * 1000) / 1000,
          };
        } else {
          const known: Known = { suggestion: suggestion.key, rule_id: rule.id, elements: [view.id] };
          byRuleAndElement.set(suggestion.key, known);
          index.add(known, suggestion.statement);
        }
      }
      out.push(suggestion);
    }
  }
  return out;
}
