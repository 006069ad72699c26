import { defineCommand } from "citty";
import { COLLECTIONS } from "../../domain/kinds.js";
import type { PhaseResult } from "../../methodology/criteria.js";
import { ENTITY_KINDS } from "../../ops/entity-ops.js";
import { getPhaseStatus, type StatusResult } from "../../ops/methodology.js";
import { NoInput } from "../../ops/input.js";
import { query } from "../../ops/operation.js";
import { loadIssueLines } from "../../render/format.js";
import { projectFrom, runOp } from "../run-op.js";
import { print } from "../print.js";
import { projectArgs } from "../shared-args.js";
import { painter } from "../style.js";

/** How many entities of each kind the model holds. */
const countEntities = query(NoInput, (model) =>
  Object.fromEntries(ENTITY_KINDS.map((kind) => [kind, model.count(kind)])),
);

type Paint = ReturnType<typeof painter>;

function stateText(phase: PhaseResult, paint: Paint): string {
  const missing = phase.criteria.filter((c) => !c.met).reduce((n, c) => n + Math.max(c.missing_count, 1), 0);
  switch (phase.state) {
    case "met":
      return paint("green", "complete");
    case "overridden":
      return paint("yellow", `skipped with force (${missing} unmet)`);
    case "not_applicable":
      return paint("dim", "not applicable");
    case "unmet":
      return paint("red", `not complete (${missing} missing)`);
  }
}

export function renderStatus(status: StatusResult, counts: Record<string, number>, paint: Paint): string {
  const width = Math.max(...status.phases.map((p) => p.name.length));
  const lines = [paint("bold", "Phase  Name".padEnd(7 + width) + "  State")];
  for (const phase of status.phases) {
    const marker = phase.phase === status.current ? paint("cyan", " <- current") : "";
    lines.push(`${phase.phase.padEnd(5)}  ${phase.name.padEnd(width)}  ${stateText(phase, paint)}${marker}`);
  }
  lines.push(
    "",
    `Overall ${status.percent}% (${status.met_count} of ${status.applicable_count} applicable phases complete)${status.current ? `; current phase ${status.current}: ${status.current_phase_name}` : "; every applicable phase is done"}.`,
    "",
    paint("bold", "Model"),
  );
  const plural = (label: string, n: number) =>
    n === 1 ? label : label.endsWith("y") ? `${label.slice(0, -1)}ies` : `${label}s`;
  const entries = Object.entries(counts).map(
    ([kind, n]) => `${n} ${plural(COLLECTIONS[kind as keyof typeof COLLECTIONS].label, n)}`,
  );
  for (let i = 0; i < entries.length; i += 4) lines.push(`  ${entries.slice(i, i + 4).join(", ")}`);
  return lines.join("\n");
}

export const statusCommand = defineCommand({
  meta: { name: "status", description: "Show the phases of the threat model and what the model holds" },
  args: {
    ...projectArgs,
    json: { type: "boolean", default: false, description: "Print the status as JSON" },
  },
  async run({ args }) {
    const project = projectFrom("status", args);
    const status = await runOp<StatusResult>("status", project, getPhaseStatus, {});
    const counts = await runOp<Record<string, number>>("status", project, countEntities, {});
    if (args.json) {
      print(JSON.stringify({ root: project.root, ...status, counts }, null, 2));
      return;
    }
    const paint = painter();
    const saved = project.store.isSaved() ? "" : paint("yellow", " (not saved yet: run threatmodel init)");
    const issues = loadIssueLines(status.load_issues ?? []);
    print(
      `${paint("bold", "Threat model")} ${project.root}${saved}\n\n${renderStatus(status, counts, paint)}${issues.length ? `\n\n${paint("red", issues.join("\n"))}` : ""}`,
    );
  },
});
