import type { Threat } from "../domain/entities.js";
import type { ModelReader } from "../domain/model.js";
import { riskLevel, type RiskLevel } from "../domain/risk.js";
import { composeStatement } from "../domain/statement.js";
import type { CompiledRule, LinddunCategory, ThreatLibrary } from "./library.js";
import type { SubjectKind } from "./schema.js";
import { SimilarityIndex, jaccard, rarityOrder, tokenize } from "./similarity.js";
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
  /** Threat Composer grammar fields, rendered for this element. */
  readonly grammar: {
    threatSource: string;
    prerequisites: string;
    threatAction: string;
    threatImpact: string;
    impactedGoal: string[];
    impactedAssets: string[];
  };
  readonly statement: string;
  severity: NonNullable<Threat["severity"]>;
  likelihood: NonNullable<Threat["likelihood"]>;
  risk: RiskLevel;
  /** Shared with the rule: do not modify. */
  cwe: readonly string[];
  capec: readonly string[];
  attack: readonly string[];
  asvs: readonly string[];
  /** Mitigation-library ids. */
  mitigations: readonly string[];
  /** The rule's rationale and the facts of this element that made it fire. */
  readonly why: { rationale: string; matched: string[] };
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

/**
 * A suggestion. Its grammar, statement and explanation are computed on first read: a run can
 * produce thousands, of which only the shown, deduplicated or added ones need their text.
 */
function suggest(rule: CompiledRule, view: View, kind: SubjectKind): Suggestion {
  let grammar: Suggestion["grammar"] | undefined;
  let statement: string | undefined;
  let why: Suggestion["why"] | undefined;
  return {
    key: `${rule.id}:${view.id}`,
    rule_id: rule.id,
    title: rule.title,
    element: { kind, id: view.id, name: view.name },
    ...(rule.stride ? { category: rule.stride } : {}),
    ...(rule.linddun ? { linddun: rule.linddun } : {}),
    get grammar() {
      return (grammar ??= {
        threatSource: rule.render(rule.threat.source, view),
        prerequisites: rule.render(rule.threat.prerequisites, view),
        threatAction: rule.render(rule.threat.action, view),
        threatImpact: rule.render(rule.threat.impact, view),
        impactedGoal: [...rule.impacted_goal],
        impactedAssets: rule.impacted_assets.map((t) => rule.render(t, view)),
      });
    },
    get statement() {
      return (statement ??= composeStatement(this.grammar));
    },
    get why() {
      if (!why) {
        const matched: string[] = [];
        rule.test(view, matched);
        why = { rationale: rule.rationale, matched };
      }
      return why;
    },
    severity: rule.severity,
    likelihood: rule.likelihood,
    risk: riskLevel(rule.likelihood, rule.severity),
    cwe: rule.cwe,
    capec: rule.capec,
    attack: rule.attack,
    asvs: rule.asvs,
    mitigations: rule.mitigations,
  };
}

/** Words of a suggestion's statement, taken from its grammar (the template adds only ignored words). */
function suggestionTokens(s: Suggestion): string[] {
  const g = s.grammar;
  return tokenize(
    [
      g.threatSource,
      g.prerequisites,
      g.threatAction,
      g.threatImpact,
      ...g.impactedGoal,
      ...g.impactedAssets,
    ].join(" "),
  );
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
  const rules = library.rules
    .filter((r) => (options.linddun ? true : !r.privacy))
    .filter((r) => !options.rules || options.rules.has(r.id))
    .filter((r) => !options.categories || (r.stride !== undefined && options.categories.has(r.stride)))
    .sort((a, b) => a.id.localeCompare(b.id));
  const out: Suggestion[] = [];
  for (const rule of rules) {
    for (const view of views.subjects[rule.applies_to]) {
      if (options.scope && !options.scope.has(view.id)) continue;
      if (rule.test(view)) out.push(suggest(rule, view, rule.applies_to));
    }
  }

  // 1. The same rule already produced a threat for this element.
  const threats = model.list("threat");
  const byRuleAndElement = new Map<string, Known>();
  const known = threats.map((t): Known => ({
    threat_id: t.id,
    numericId: t.numericId,
    elements: threatElements(t),
    ...(t.rule_id ? { rule_id: t.rule_id } : {}),
  }));
  for (const k of known)
    if (k.rule_id) for (const id of k.elements) byRuleAndElement.set(`${k.rule_id}:${id}`, k);
  const remaining: Suggestion[] = [];
  for (const s of out) {
    const same = byRuleAndElement.get(s.key);
    if (same) s.duplicate_of = { ...reference(same), reason: "same rule and element" };
    else remaining.push(s);
  }
  if (remaining.length === 0) return out;

  // 2. A near-identical statement: against existing threats (indexed), and against earlier
  // suggestions of this run for the same element (other elements' statements name other elements).
  let index: SimilarityIndex<Known> | undefined;
  const tokensOf = new Map<Suggestion, string[]>();
  const tokens = (s: Suggestion) => {
    let t = tokensOf.get(s);
    if (!t) tokensOf.set(s, (t = suggestionTokens(s)));
    return t;
  };
  const setOf = new Map<Suggestion, Set<string>>();
  const tokenSet = (s: Suggestion) => {
    let set = setOf.get(s);
    if (!set) setOf.set(s, (set = new Set(tokens(s))));
    return set;
  };
  if (known.length > 0) {
    const existingTokens = threats.map((t) => tokenize(t.statement));
    index = new SimilarityIndex<Known>(NEAR_DUPLICATE, () =>
      rarityOrder([...existingTokens, ...remaining.map(tokens)]),
    );
    known.forEach((k, i) => index!.add(k, existingTokens[i]!));
  }
  const earlier = new Map<string, Suggestion[]>();
  for (const s of remaining) {
    // The same rule on another element is a different threat even when the wording matches.
    const near = index?.similar(
      tokens(s),
      (k) => k.rule_id !== s.rule_id || k.elements.includes(s.element.id),
    )[0];
    if (near) {
      s.duplicate_of = {
        ...reference(near.item),
        reason: "near-identical statement",
        similarity: Math.round(near.similarity * 1000) / 1000,
      };
      continue;
    }
    const siblings = earlier.get(s.element.id);
    let twin: { other: Suggestion; similarity: number } | undefined;
    for (const other of siblings ?? []) {
      const mine = tokens(s);
      const theirs = tokenSet(other);
      if (theirs.size < NEAR_DUPLICATE * mine.length || mine.length < NEAR_DUPLICATE * theirs.size) continue;
      const similarity = jaccard(mine, theirs);
      if (similarity >= NEAR_DUPLICATE) {
        twin = { other, similarity };
        break;
      }
    }
    if (twin) {
      s.duplicate_of = {
        suggestion: twin.other.key,
        reason: "near-identical statement",
        similarity: Math.round(twin.similarity * 1000) / 1000,
      };
    } else if (siblings) siblings.push(s);
    else earlier.set(s.element.id, [s]);
  }
  return out;
}
