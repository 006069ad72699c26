import type { CriterionResult, Evaluation, PhaseResult } from "./criteria.js";
import { phaseName, type PhaseId } from "./phases.js";

/** Cell text safe inside a Markdown table row. */
export function cell(value: unknown): string {
  return String(value ?? "")
    .replace(/\|/g, "\\|")
    .replace(/\s*\n\s*/g, " ");
}

/** A Markdown table; rows past `max` are summarised, never dropped silently. */
export function table(headers: readonly string[], rows: readonly (readonly unknown[])[], max = 50): string {
  const lines = [`| ${headers.join(" | ")} |`, `|${headers.map(() => " --- ").join("|")}|`];
  for (const row of rows.slice(0, max)) lines.push(`| ${row.map(cell).join(" | ")} |`);
  if (rows.length > max) lines.push(`\n…and ${rows.length - max} more (use the list tools to see all).`);
  return lines.join("\n");
}

export function stateLabel(phase: PhaseResult): string {
  switch (phase.state) {
    case "met":
      return "✅ complete";
    case "overridden":
      return "⏭️ skipped with force (criteria unmet)";
    case "not_applicable":
      return "➖ not applicable (no source code)";
    case "unmet":
      return "⏳ not complete";
  }
}

export function criterionLines(c: CriterionResult): string[] {
  const lines = [`- ${c.met ? "✅" : "❌"} ${c.description}`];
  for (const item of c.missing) lines.push(`  - ${item}`);
  if (c.missing_count > c.missing.length) lines.push(`  - …and ${c.missing_count - c.missing.length} more`);
  return lines;
}

/** The criteria of one phase as a checklist with what is missing. */
export function phaseChecklist(phase: PhaseResult): string {
  if (!phase.applicable) return "This phase does not apply: the project has no source code.";
  const lines = [`Status: ${stateLabel(phase)}`, "", ...phase.criteria.flatMap(criterionLines)];
  if (phase.override && phase.state === "overridden") {
    lines.push(
      "",
      `Forced past on ${phase.override.at}${phase.override.reason ? `: ${phase.override.reason}` : ""}.`,
    );
  }
  return lines.join("\n");
}

export function progressLine(evaluation: Evaluation): string {
  const current = evaluation.current
    ? `current phase: ${evaluation.current} (${phaseName(evaluation.current)})`
    : "every applicable phase is complete or was skipped with force";
  return `Overall: ${evaluation.percent}% (${evaluation.met_count} of ${evaluation.applicable_count} applicable phases complete); ${current}.`;
}

/** The whole progress report as text. */
export function progressReport(evaluation: Evaluation): string {
  const lines = ["# Threat model progress", "", progressLine(evaluation), ""];
  for (const phase of evaluation.phases) {
    const marker = phase.phase === evaluation.current ? " ← current" : "";
    lines.push(`- Phase ${phase.phase}: ${phase.name}: ${stateLabel(phase)}${marker}`);
    if (phase.state === "unmet" || phase.state === "overridden") {
      for (const c of phase.criteria.filter((c) => !c.met)) {
        lines.push(`  - ❌ ${c.description} (${c.missing_count} missing)`);
      }
    }
  }
  return lines.join("\n");
}

export function phaseOf(evaluation: Evaluation, id: PhaseId): PhaseResult {
  return evaluation.phases.find((p) => p.phase === id)!;
}
