import { articleFor, correctArticles } from "./articles.js";

export interface ThreatGrammar {
  threatSource?: string | undefined;
  prerequisites?: string | undefined;
  threatAction?: string | undefined;
  threatImpact?: string | undefined;
  impactedGoal?: readonly string[] | undefined;
  impactedAssets?: readonly string[] | undefined;
  customTemplate?: string | undefined;
}

const SOURCE = 1;
const PREREQUISITES = 2;
const ACTION = 4;
const IMPACT = 8;
const GOAL = 16;
const ASSETS = 32;

/** Threat Composer's templates, keyed by the sum of the filled fields (source, prerequisites and action always count). */
const TEMPLATES: Record<number, string> = {
  7: "A [threat_source] [prerequisites] can [threat_action]",
  15: "A [threat_source] [prerequisites] can [threat_action], which leads to [threat_impact]",
  23: "A [threat_source] [prerequisites] can [threat_action], resulting in reduced [impacted_goal]",
  31: "A [threat_source] [prerequisites] can [threat_action], which leads to [threat_impact], resulting in reduced [impacted_goal]",
  39: "A [threat_source] [prerequisites] can [threat_action], negatively impacting [impacted_assets]",
  47: "A [threat_source] [prerequisites] can [threat_action], which leads to [threat_impact], negatively impacting [impacted_assets]",
  55: "A [threat_source] [prerequisites] can [threat_action], resulting in reduced [impacted_goal] of [impacted_assets]",
  63: "A [threat_source] [prerequisites] can [threat_action], which leads to [threat_impact], resulting in reduced [impacted_goal] of [impacted_assets]",
};

function joinList(items: readonly string[], lastJoiner: string): string {
  const clean = items.map((i) => i.trim()).filter((i) => i.length > 0);
  if (clean.length <= 1) return clean[0] ?? "";
  return `${clean.slice(0, -1).join(", ")} ${lastJoiner} ${clean[clean.length - 1]}`;
}

const filled = (s: string | undefined): s is string => s !== undefined && s.trim().length > 0;

/** Composes the threat statement exactly as Threat Composer renders it (templates, list joins, a/an). */
export function composeStatement(grammar: ThreatGrammar): string {
  const goal = joinList(grammar.impactedGoal ?? [], "and/or");
  const assets = joinList(grammar.impactedAssets ?? [], "and");
  const present = [
    filled(grammar.threatSource),
    filled(grammar.prerequisites),
    filled(grammar.threatAction),
    filled(grammar.threatImpact),
    goal.length > 0,
    assets.length > 0,
  ];
  const count = present.filter(Boolean).length;
  if (count === 0) return "";
  if (count === 1) {
    const only = [
      grammar.threatSource,
      grammar.prerequisites,
      grammar.threatAction,
      grammar.threatImpact,
      goal,
      assets,
    ].find((v) => filled(v))!;
    return `...${only.trim()}...`;
  }

  const source = filled(grammar.threatSource) ? grammar.threatSource.trim() : "threat source";
  const prerequisites = filled(grammar.prerequisites) ? grammar.prerequisites.trim() : "";
  const action = filled(grammar.threatAction) ? grammar.threatAction.trim() : "perform a threat action";
  const impact = filled(grammar.threatImpact) ? grammar.threatImpact.trim() : "";

  let sum = SOURCE + PREREQUISITES + ACTION;
  if (impact) sum += IMPACT;
  if (goal) sum += GOAL;
  if (assets) sum += ASSETS;
  const template = filled(grammar.customTemplate) ? grammar.customTemplate : TEMPLATES[sum]!;

  const values: Record<string, string> = {
    threat_source: correctArticles(source),
    prerequisites: correctArticles(prerequisites),
    threat_action: correctArticles(action),
    threat_impact: correctArticles(impact),
    impacted_goal: goal,
    impacted_assets: correctArticles(assets),
  };
  let sentence = template.replace(/\[(\w+)\]/g, (_m, token: string) => values[token] ?? "");
  if (sentence.startsWith("A ")) {
    sentence = `${articleFor(values.threat_source!, "A")} ${sentence.slice(2)}`;
  }
  return sentence.replace(/\s+/g, " ").replace(/ ,/g, ",").trim();
}
