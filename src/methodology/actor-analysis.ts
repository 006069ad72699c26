import type { ThreatActor } from "../domain/entities.js";
import type { ModelReader } from "../domain/model.js";

export interface ActorSummary {
  id: string;
  name: string;
  type: string;
  capability_level: string;
  resources: string;
  motivations: string[];
  priority: number;
}

export interface ActorAnalysis {
  total: number;
  relevant: number;
  not_relevant: number;
  undecided: ActorSummary[];
  by_type: Record<string, number>;
  by_capability: Record<string, number>;
  by_motivation: Record<string, number>;
  prioritized: ActorSummary[];
  unprioritized: ActorSummary[];
  recommendations: string[];
}

const summary = (a: ThreatActor): ActorSummary => ({
  id: a.id,
  name: a.name,
  type: a.type,
  capability_level: a.capability_level,
  resources: a.resources,
  motivations: a.motivations,
  priority: a.priority,
});

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of [...values].sort()) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

/** Who is in scope and what that implies: counts over the relevant actors plus rule-based hints. */
export function analyzeActors(model: ModelReader): ActorAnalysis {
  const actors = model.list("threat_actor").sort((a, b) => a.id.localeCompare(b.id));
  const relevant = actors.filter((a) => a.relevance_decided && a.is_relevant);
  const undecided = actors.filter((a) => !a.relevance_decided);
  const prioritized = relevant
    .filter((a) => a.priority > 0)
    .sort((a, b) => a.priority - b.priority || a.name.localeCompare(b.name));
  const unprioritized = relevant.filter((a) => a.priority === 0);
  const has = (test: (a: ThreatActor) => boolean) => relevant.some(test);

  const recommendations: string[] = [];
  if (undecided.length > 0) {
    recommendations.push(
      `Decide the relevance of ${undecided.length} actor(s) with set_threat_actor_relevance; undecided actors keep phase 3 open.`,
    );
  }
  if (actors.length > 0 && relevant.length === 0 && undecided.length === 0) {
    recommendations.push(
      "No actor is relevant: re-check against the business context, or add the actor that is.",
    );
  }
  if (has((a) => a.capability_level === "High")) {
    recommendations.push(
      "Highly capable actors are in scope: plan for detection and response, not only prevention.",
    );
  }
  if (has((a) => a.motivations.includes("Financial"))) {
    recommendations.push(
      "Financially motivated actors are in scope: look hard at payments, credentials and fraud paths.",
    );
  }
  if (has((a) => ["Insider", "Disgruntled Employee", "Privileged User"].includes(a.type))) {
    recommendations.push(
      "Insiders are in scope: consider least privilege, separation of duties and audit logging of administrative actions.",
    );
  }
  if (has((a) => a.type === "Third Party")) {
    recommendations.push(
      "Third parties are in scope: treat their integrations as crossing points with their own credentials.",
    );
  }
  if (has((a) => a.type === "Nation-state")) {
    recommendations.push(
      "Nation-state actors are in scope: include supply-chain and long-term persistence threats.",
    );
  }
  if (unprioritized.length > 0) {
    recommendations.push(
      `Rank the ${unprioritized.length} relevant actor(s) without a priority with set_threat_actor_priority.`,
    );
  }

  return {
    total: actors.length,
    relevant: relevant.length,
    not_relevant: actors.filter((a) => a.relevance_decided && !a.is_relevant).length,
    undecided: undecided.map(summary),
    by_type: countBy(relevant.map((a) => a.type)),
    by_capability: countBy(relevant.map((a) => a.capability_level)),
    by_motivation: countBy(relevant.flatMap((a) => a.motivations)),
    prioritized: prioritized.map(summary),
    unprioritized: unprioritized.map(summary),
    recommendations,
  };
}

export function renderActorAnalysis(analysis: ActorAnalysis): string {
  const counts = (record: Record<string, number>) =>
    Object.entries(record)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ") || "none";
  const lines = [
    "# Threat actor analysis",
    "",
    `${analysis.total} actor(s): ${analysis.relevant} relevant, ${analysis.not_relevant} not relevant, ${analysis.undecided.length} undecided.`,
    `Relevant by type: ${counts(analysis.by_type)}.`,
    `Relevant by capability: ${counts(analysis.by_capability)}.`,
    `Relevant by motivation: ${counts(analysis.by_motivation)}.`,
  ];
  if (analysis.prioritized.length > 0) {
    lines.push("", "## Prioritised");
    for (const a of analysis.prioritized)
      lines.push(`${a.priority}. ${a.name} (${a.id}): ${a.type}, ${a.capability_level} capability`);
  }
  if (analysis.unprioritized.length > 0) {
    lines.push("", "## Relevant, not ranked");
    for (const a of analysis.unprioritized) lines.push(`- ${a.name} (${a.id})`);
  }
  if (analysis.undecided.length > 0) {
    lines.push("", "## Undecided");
    for (const a of analysis.undecided) lines.push(`- ${a.name} (${a.id})`);
  }
  if (analysis.recommendations.length > 0) {
    lines.push("", "## Recommendations");
    for (const r of analysis.recommendations) lines.push(`- ${r}`);
  }
  return lines.join("\n");
}
