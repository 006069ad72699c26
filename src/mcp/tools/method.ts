import * as z from "zod";
import { phaseChecklist, phaseOf, progressLine } from "../../methodology/format.js";
import { guidanceFor } from "../../ops/guidance-topics.js";
import { getPhaseStatus, type StatusResult } from "../../ops/methodology.js";
import { loadIssueLines } from "../../render/format.js";
import { compactText } from "../compact-translation.js";
import { READ, defineTool } from "../tool.js";

function nextStep(status: StatusResult): string {
  if (!status.current) return "Next: every applicable phase is done; export the reports.";
  return `Next: finish phase ${status.current} (get_guidance for steps), then advance_phase.`;
}

function statusShape(status: StatusResult) {
  const current = status.current ? phaseOf(status, status.current) : undefined;
  return {
    current_phase: status.current ?? null,
    current_phase_name: status.current_phase_name ?? null,
    percent: status.percent,
    phases: status.phases.map((p) => ({
      phase: p.phase,
      name: p.name,
      state: p.state,
      missing: p.criteria.filter((c) => !c.met).reduce((n, c) => n + Math.max(c.missing_count, 1), 0),
    })),
    missing: current
      ? current.criteria
          .filter((c) => !c.met)
          .map((c) => ({ criterion: c.description, items: c.missing, count: c.missing_count }))
      : [],
    next: nextStep(status),
    load_issues: status.load_issues ?? [],
  };
}

function renderStatus(status: StatusResult): string {
  const lines = [progressLine(status)];
  for (const p of status.phases) lines.push(`- ${p.phase} ${p.name}: ${p.state}`);
  if (status.current) {
    const current = phaseOf(status, status.current);
    lines.push("", `Phase ${current.phase} (${current.name}):`, phaseChecklist(current));
  }
  lines.push("", nextStep(status));
  const issues = loadIssueLines(status.load_issues ?? []);
  if (issues.length > 0) lines.push("", ...issues);
  return lines.join("\n");
}

/** The method in the compact toolset: status and guidance adapters over the methodology operations. */
export const methodTools = [
  defineTool({
    name: "threat_model_status",
    title: "Threat model status",
    description:
      "Progress over the phases, what the current phase still misses, and the next step. Computed from the model.",
    category: "methodology",
    op: getPhaseStatus,
    output: z.object({
      current_phase: z.string().nullable(),
      current_phase_name: z.string().nullable(),
      percent: z.number(),
      phases: z.array(z.looseObject({ phase: z.string(), state: z.string() })),
      missing: z.array(z.looseObject({ criterion: z.string() })),
      next: z.string(),
      load_issues: z.array(z.object({ file: z.string(), reason: z.string() })),
    }),
    annotations: READ,
    shape: statusShape,
    render: renderStatus,
  }),
  defineTool({
    name: "get_guidance",
    title: "Guidance",
    description: "Steps, example calls and done-criteria for a phase (default: the current one) or a topic.",
    category: "methodology",
    op: guidanceFor,
    output: z.object({
      title: z.string(),
      text: z.string(),
      current_phase: z.string().nullable(),
      percent: z.number(),
    }),
    annotations: READ,
    shape: (r) => ({
      title: r.title,
      text: compactText(r.text),
      current_phase: r.current_phase ?? null,
      percent: r.percent,
    }),
    render: (r) => compactText(r.text),
  }),
];
